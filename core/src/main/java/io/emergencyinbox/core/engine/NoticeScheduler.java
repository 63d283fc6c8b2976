package io.emergencyinbox.core.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import javax.inject.Inject;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


import io.emergencyinbox.core.config.ContinuityPolicy;
import io.emergencyinbox.core.message.ContentSource;
import io.emergencyinbox.core.notice.FailureCause;
import io.emergencyinbox.core.notice.NoticeLedger;
import io.emergencyinbox.core.notice.NoticeSchedule;
import io.emergencyinbox.core.notice.NoticeSchedules;
import io.emergencyinbox.core.notice.SenderNotifier;
import io.emergencyinbox.core.outage.OutageCounter;
import io.emergencyinbox.core.outage.OutageStore;
import io.emergencyinbox.core.spool.SpoolContentStore;
import io.emergencyinbox.core.spool.SpoolEntry;
import io.emergencyinbox.core.spool.SpoolLeases;
import io.emergencyinbox.core.spool.SpoolStore;
import reactor.core.publisher.Mono;

/**
 * Sends the notices that are due and expires what is too old (DESIGN §4 "Deferral notices",
 * "Expiry"). Reads entries in pages by their next notice time. Each notice is recorded in the
 * {@link NoticeLedger} before it is sent, so a restart or a second node never sends it twice. When
 * several steps of the schedule passed unseen (the gateway was stopped), one notice covers them.
 */
public class NoticeScheduler {
    private static final Logger LOGGER = LoggerFactory.getLogger(NoticeScheduler.class);

    private final SpoolStore spool;
    private final SpoolContentStore contents;
    private final SpoolLeases leases;
    private final NoticeLedger ledger;
    private final NoticeSchedules schedules;
    private final SenderNotifier notifier;
    private final SpoolReturns returns;
    private final OutageStore outages;
    private final ContinuityPolicy policy;
    private final Clock clock;
    private final String node = "notices-" + UUID.randomUUID();

    @Inject
    public NoticeScheduler(SpoolStore spool, SpoolContentStore contents, SpoolLeases leases, NoticeLedger ledger,
                           NoticeSchedules schedules, SenderNotifier notifier, SpoolReturns returns, OutageStore outages,
                           ContinuityPolicy policy, Clock clock) {
        this.spool = spool;
        this.contents = contents;
        this.leases = leases;
        this.ledger = ledger;
        this.schedules = schedules;
        this.notifier = notifier;
        this.returns = returns;
        this.outages = outages;
        this.policy = policy;
        this.clock = clock;
    }

    /** Handles every entry due now, page after page; returns how many entries were handled. */
    public int sendDueNotices() {
        int handled = 0;
        while (true) {
            Instant now = clock.instant();
            List<SpoolEntry> page = spool.dueForNotice(now, policy.schedulerPageSize()).collectList().block();
            int handledInPage = 0;
            for (SpoolEntry entry : page) {
                if (handle(entry, now)) {
                    handledInPage++;
                }
            }
            handled += handledInPage;
            if (page.size() < policy.schedulerPageSize() || handledInPage == 0) {
                return handled;
            }
        }
    }

    private boolean handle(SpoolEntry candidate, Instant now) {
        if (!leases.tryAcquire(candidate.id(), node, now, now.plus(policy.leaseDuration())).block()) {
            return false;
        }
        try {
            SpoolEntry entry = spool.get(candidate.id()).block();
            if (entry == null || entry.nextNoticeAt().isAfter(now)) {
                return false;
            }
            NoticeSchedule schedule = schedules.of(entry.organisation()).block();
            if (!now.isBefore(entry.expiry())) {
                returns.returnToSender(entry, FailureCause.EXPIRED);
            } else {
                sendDelayedNotice(entry, schedule, now);
            }
            return true;
        } catch (RuntimeException e) {
            LOGGER.error("Notice processing of spool entry {} failed; it will be tried again", candidate.id(), e);
            return false;
        } finally {
            leases.release(candidate.id(), node).block();
        }
    }

    private void sendDelayedNotice(SpoolEntry entry, NoticeSchedule schedule, Instant now) {
        int step = stepsDue(schedule, entry.arrival(), now);
        SpoolEntry next = entry;
        if (step > entry.delayedNoticesSent()) {
            if (ledger.tryRecord(entry.id(), "delayed-" + step).block()) {
                ContentSource content = contents.read(entry.id()).block();
                boolean sent = notifier.delayed(entry, entry.pendingRecipients(), content).block();
                if (sent) {
                    count(entry, OutageCounter.NOTICES_SENT, 1).block();
                }
            }
            next = entry.with(builder -> builder.delayedNoticesSent(step));
        }
        SpoolEntry scheduled = next.with(builder -> builder.nextNoticeAt(schedule.nextCheck(builder.build())));
        spool.update(scheduled).block();
    }

    /** How many delayed notices are due by {@code now}: steps at arrival + first + k × every. */
    static int stepsDue(NoticeSchedule schedule, Instant arrival, Instant now) {
        Duration age = Duration.between(arrival, now);
        if (age.compareTo(schedule.first()) < 0) {
            return 0;
        }
        return 1 + (int) age.minus(schedule.first()).dividedBy(schedule.every());
    }

    private Mono<Void> count(SpoolEntry entry, OutageCounter counter, int value) {
        return Mono.justOrEmpty(entry.outage()).flatMap(outage -> outages.increment(outage, counter, value));
    }
}
