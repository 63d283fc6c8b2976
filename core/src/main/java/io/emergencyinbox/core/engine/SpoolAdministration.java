package io.emergencyinbox.core.engine;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.inject.Inject;

import io.emergencyinbox.core.config.ContinuityPolicy;
import io.emergencyinbox.core.health.HealthTracker;
import io.emergencyinbox.core.notice.FailureCause;
import io.emergencyinbox.core.organisation.OrganisationId;
import io.emergencyinbox.core.spool.SpoolCursor;
import io.emergencyinbox.core.spool.SpoolEntry;
import io.emergencyinbox.core.spool.SpoolEntryId;
import io.emergencyinbox.core.spool.SpoolEntryNotFoundException;
import io.emergencyinbox.core.spool.SpoolLeases;
import io.emergencyinbox.core.spool.SpoolStore;
import reactor.core.publisher.Mono;

/**
 * What an operator does to a route's spool: flush (retry everything now) and purge (return
 * everything to its senders). Both walk the route's entries page by page in arrival order, so they
 * suit spools of any size and report progress as they go.
 */
public class SpoolAdministration {
    private final SpoolStore spool;
    private final SpoolLeases leases;
    private final DrainScheduler drains;
    private final HealthTracker health;
    private final SpoolReturns returns;
    private final ContinuityPolicy policy;
    private final Clock clock;
    private final String holder = "admin-" + UUID.randomUUID();

    @Inject
    public SpoolAdministration(SpoolStore spool, SpoolLeases leases, DrainScheduler drains, HealthTracker health,
                               SpoolReturns returns, ContinuityPolicy policy, Clock clock) {
        this.spool = spool;
        this.leases = leases;
        this.drains = drains;
        this.health = health;
        this.returns = returns;
        this.policy = policy;
        this.clock = clock;
    }

    /**
     * Makes every entry of the route due now; when the route is UP, drains it and waits. Returns the
     * drain report (empty while the route is DOWN: its entries go as soon as it is back).
     */
    public Optional<DrainReport> flush(OrganisationId organisation, SpoolOperationProgress progress) {
        Instant now = clock.instant();
        forEachEntry(organisation, entry -> {
            progress.examined();
            if (entry.nextAttempt().isAfter(now)) {
                spool.update(entry.with(builder -> builder.nextAttempt(now)))
                    .onErrorResume(SpoolEntryNotFoundException.class, e -> Mono.empty())
                    .block();
                progress.changed(entry.pendingRecipients().size());
            }
        });
        if (!health.current(organisation).block().isUp()) {
            return Optional.empty();
        }
        return Optional.of(drains.drainNow(organisation));
    }

    /** Returns every entry of the route to its sender (failed notice, status 5.3.0) and removes it. */
    public void purge(OrganisationId organisation, SpoolOperationProgress progress) {
        forEachEntry(organisation, entry -> {
            progress.examined();
            purgeLeased(entry).ifPresent(progress::changed);
        });
    }

    /** Purges one entry of the route; false when it does not exist (or belongs to another route). */
    public boolean purge(OrganisationId organisation, SpoolEntryId id) {
        return spool.get(id).blockOptional()
            .filter(entry -> entry.organisation().equals(organisation))
            .flatMap(this::purgeLeased)
            .isPresent();
    }

    private Optional<Integer> purgeLeased(SpoolEntry candidate) {
        Instant now = clock.instant();
        if (!leases.tryAcquire(candidate.id(), holder, now, now.plus(policy.leaseDuration())).block()) {
            return Optional.empty(); // being delivered right now: let the attempt finish
        }
        try {
            return spool.get(candidate.id()).blockOptional()
                .map(entry -> returns.returnToSender(entry, FailureCause.PURGED));
        } finally {
            leases.release(candidate.id(), holder).block();
        }
    }

    private interface EntryAction {
        void apply(SpoolEntry entry);
    }

    private void forEachEntry(OrganisationId organisation, EntryAction action) {
        Optional<SpoolCursor> cursor = Optional.empty();
        while (true) {
            List<SpoolEntry> page = spool.browse(organisation, cursor, policy.schedulerPageSize()).collectList().block();
            page.forEach(action::apply);
            if (page.size() < policy.schedulerPageSize()) {
                return;
            }
            cursor = Optional.of(SpoolCursor.after(page.get(page.size() - 1)));
        }
    }
}
