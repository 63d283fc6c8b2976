package io.emergencyinbox.core.inbox;

import java.time.Instant;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Delivered Emergency Inbox copies and when each may be removed, read in pages by that time. */
public interface RetentionLedger {

    Mono<Void> schedule(InboxCopy copy);

    /** Copies whose removal time has come, earliest first. */
    Flux<InboxCopy> due(Instant now, int limit);

    /** Idempotent. */
    Mono<Void> forget(InboxCopy copy);
}
