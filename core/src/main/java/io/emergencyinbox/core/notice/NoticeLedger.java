package io.emergencyinbox.core.notice;

import io.emergencyinbox.core.spool.SpoolEntryId;
import reactor.core.publisher.Mono;

/**
 * The notices already sent, so that a restart or a second gateway node never sends one twice.
 * A notice is identified by its entry and a key such as {@code delayed-2} or {@code failed}.
 */
public interface NoticeLedger {

    /** Records the notice; true when this call recorded it, false when it was already recorded. */
    Mono<Boolean> tryRecord(SpoolEntryId entry, String noticeKey);

    Mono<Boolean> isRecorded(SpoolEntryId entry, String noticeKey);

    /** Forgets the notices of an entry that left the spool. Idempotent. */
    Mono<Void> forget(SpoolEntryId entry);
}
