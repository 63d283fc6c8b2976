package io.emergencyinbox.core.notice;

import java.util.List;

import io.emergencyinbox.core.message.ContentSource;
import io.emergencyinbox.core.spool.SpoolEntry;
import io.emergencyinbox.core.spool.SpoolRecipient;
import reactor.core.publisher.Mono;

/**
 * Tells senders what became of their message (RFC 3464 delivery status notifications), honouring
 * their RFC 3461 wishes. Completes once the notice is handed to the outbound mail path.
 */
public interface SenderNotifier {

    /**
     * Returns the message to its sender for these recipients ({@code Action: failed}). Emits whether
     * a notice was sent: none goes to the null sender, nor for recipients whose NOTIFY excludes it.
     */
    Mono<Boolean> failed(SpoolEntry entry, List<SpoolRecipient> recipients, FailureCause cause, ContentSource content);

    /** Tells the sender the message is delayed for these recipients ({@code Action: delayed}); emits whether sent. */
    Mono<Boolean> delayed(SpoolEntry entry, List<SpoolRecipient> recipients, ContentSource content);
}
