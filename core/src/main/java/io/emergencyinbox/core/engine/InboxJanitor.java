package io.emergencyinbox.core.engine;

import java.time.Clock;

import javax.inject.Inject;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.emergencyinbox.core.config.ContinuityPolicy;
import io.emergencyinbox.core.inbox.EmergencyInbox;
import io.emergencyinbox.core.inbox.RetentionLedger;
import reactor.core.publisher.Mono;

/** Removes Emergency Inbox copies whose retention after delivery has passed, a page at a time. */
public class InboxJanitor {
    private static final Logger LOGGER = LoggerFactory.getLogger(InboxJanitor.class);

    private final RetentionLedger ledger;
    private final EmergencyInbox inbox;
    private final ContinuityPolicy policy;
    private final Clock clock;

    @Inject
    public InboxJanitor(RetentionLedger ledger, EmergencyInbox inbox, ContinuityPolicy policy, Clock clock) {
        this.ledger = ledger;
        this.inbox = inbox;
        this.policy = policy;
        this.clock = clock;
    }

    /** Removes the copies due now; returns how many. */
    public long removeDueCopies() {
        Long removed = ledger.due(clock.instant(), policy.schedulerPageSize())
            .concatMap(copy -> inbox.remove(copy.recipient(), copy.copyId())
                .then(ledger.forget(copy))
                .thenReturn(1)
                .onErrorResume(e -> {
                    LOGGER.warn("Could not remove inbox copy {}", copy, e);
                    return Mono.empty();
                }))
            .count()
            .block();
        return removed == null ? 0 : removed;
    }
}
