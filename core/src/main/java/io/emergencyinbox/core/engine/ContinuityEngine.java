package io.emergencyinbox.core.engine;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.util.concurrent.ThreadFactoryBuilder;

import io.emergencyinbox.core.config.ContinuityPolicy;
import io.emergencyinbox.core.health.HealthTracker;
import io.emergencyinbox.core.health.HealthTransitionListener;
import io.emergencyinbox.core.health.StateChange;
import io.emergencyinbox.core.organisation.OrganisationStore;

/**
 * The clockwork of the gateway: probes every route each probe interval; each scheduler interval,
 * starts drains of due mail, sends due notices and removes expired inbox copies. A route coming
 * back UP starts its drain at once. At start, puts back the Emergency Inbox copies the mailbox store
 * lost (James's in-memory mailboxes after a restart) from the spool, in the background.
 */
public class ContinuityEngine implements HealthTransitionListener {
    private static final Logger LOGGER = LoggerFactory.getLogger(ContinuityEngine.class);

    private final HealthTracker health;
    private final HealthProber prober;
    private final DrainScheduler drains;
    private final NoticeScheduler notices;
    private final InboxJanitor janitor;
    private final InboxRestorer restorer;
    private final OrganisationStore organisations;
    private final ContinuityPolicy policy;
    private ScheduledExecutorService ticker;
    private ScheduledExecutorService restoration;

    @Inject
    public ContinuityEngine(HealthTracker health, HealthProber prober, DrainScheduler drains, NoticeScheduler notices,
                            InboxJanitor janitor, InboxRestorer restorer, OrganisationStore organisations, ContinuityPolicy policy) {
        this.health = health;
        this.prober = prober;
        this.drains = drains;
        this.notices = notices;
        this.janitor = janitor;
        this.restorer = restorer;
        this.organisations = organisations;
        this.policy = policy;
    }

    public synchronized void start() {
        if (ticker != null) {
            return;
        }
        health.addListener(this);
        ticker = Executors.newScheduledThreadPool(2,
            new ThreadFactoryBuilder().setNameFormat("emergency-engine-%d").setDaemon(true).build());
        long tick = policy.schedulerInterval().toMillis();
        ticker.scheduleWithFixedDelay(() -> safely("drains", drains::startDueDrains), tick, tick, TimeUnit.MILLISECONDS);
        ticker.scheduleWithFixedDelay(() -> safely("notices", notices::sendDueNotices), tick, tick, TimeUnit.MILLISECONDS);
        ticker.scheduleWithFixedDelay(() -> safely("inbox retention", janitor::removeDueCopies), tick, tick, TimeUnit.MILLISECONDS);
        // A thread of its own: a pass reads the whole spool, which must not hold up probes and drains.
        restoration = Executors.newSingleThreadScheduledExecutor(
            new ThreadFactoryBuilder().setNameFormat("emergency-inbox-restoration").setDaemon(true).build());
        restoration.execute(() -> safely("outage reconciliation", this::reconcileOutages));
        restoration.execute(() -> safely("inbox restoration", () -> restoreInboxCopies(restorer.restoreLostCopies())));
        long probe = policy.probeInterval().toMillis();
        ticker.scheduleWithFixedDelay(() -> safely("probes", prober::probeAll), 0, probe, TimeUnit.MILLISECONDS);
        LOGGER.info("Continuity engine started: {}", policy);
    }

    public synchronized void stop() {
        if (ticker != null) {
            ticker.shutdownNow();
            ticker = null;
        }
        if (restoration != null) {
            restoration.shutdownNow();
            restoration = null;
        }
        prober.shutdown();
        drains.shutdown();
        LOGGER.info("Continuity engine stopped");
    }

    @Override
    public void onTransition(StateChange change) {
        if (change.cameUp()) {
            drains.resume(change.after().organisation());
            ScheduledExecutorService current = ticker;
            if (current != null) {
                current.execute(() -> safely("drains", drains::startDueDrains));
            }
        }
    }

    /** Outage records a crash left out of step with their route's state (ADR 56). */
    private void reconcileOutages() {
        organisations.list()
            .concatMap(organisation -> health.reconcileOutages(organisation.id()))
            .then()
            .block();
    }

    /** Entries leased elsewhere (a crashed node's leases last until they expire) are tried again each interval. */
    private void restoreInboxCopies(InboxRestorer.Report report) {
        ScheduledExecutorService current = restoration;
        if (report.leasedElsewhere().isEmpty() || current == null) {
            return;
        }
        current.schedule(() -> safely("inbox restoration", () -> restoreInboxCopies(restorer.retry(report.leasedElsewhere()))),
            policy.schedulerInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void safely(String what, Runnable runnable) {
        try {
            runnable.run();
        } catch (RuntimeException e) {
            LOGGER.error("Continuity engine: {} failed", what, e);
        }
    }
}
