package io.emergencyinbox.core.inbox;

import java.time.Instant;
import java.util.Optional;

import org.apache.james.core.MailAddress;

import io.emergencyinbox.core.message.ContentSource;
import io.emergencyinbox.core.spool.SpoolEntryId;
import reactor.core.publisher.Mono;

/**
 * The per-user Emergency Inbox: a view of the spool for humans. Copies are made once per spooled
 * recipient who has an account on the gateway; what users do to them never affects delivery.
 */
public interface EmergencyInbox {

    /**
     * Puts a copy of the message in the recipient's Emergency mailbox (created when missing).
     * Returns the copy's id, or empty when the recipient has no account on the gateway.
     */
    Mono<Optional<String>> addCopy(MailAddress recipient, SpoolEntryId entry, ContentSource content);

    /**
     * Puts back a copy the mailbox store lost (see {@link #wasLost}), for a recipient the spool recorded a copy
     * for: made whether or not the recipient has an account right now (an account provisioned after a restart
     * then finds it), received at {@code receivedAt} (the message's arrival, so that the restored mailbox lists its
     * messages in the order and at the dates they came). Returns the new copy's id.
     */
    Mono<String> restoreCopy(MailAddress recipient, SpoolEntryId entry, ContentSource content, Instant receivedAt);

    /** Flags the copy as delivered to the recipient's own server. Idempotent; a deleted copy is ignored. */
    Mono<Void> markDelivered(MailAddress recipient, String copyId);

    /** Flags the copy as returned to its sender (expired or refused). Idempotent; a deleted copy is ignored. */
    Mono<Void> markReturned(MailAddress recipient, String copyId);

    /** Removes the copy. Idempotent. */
    Mono<Void> remove(MailAddress recipient, String copyId);

    /**
     * True when the mailbox the copy was made in is gone from the mailbox store, as James's in-memory mailboxes
     * are after a restart; false when that mailbox is still there, whether or not the user deleted the copy
     * (a user's deletion is never undone).
     */
    Mono<Boolean> wasLost(MailAddress recipient, String copyId);

    /** Whether the copy still exists (users may delete copies; the mailbox store may lose them). */
    Mono<Boolean> exists(MailAddress recipient, String copyId);
}
