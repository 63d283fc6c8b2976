package io.emergencyinbox.core.routing;

import java.time.Duration;

import reactor.core.publisher.Mono;

/**
 * The mails the inbound router has finished with (relayed, returned to their sender, or committed to the spool),
 * by a key naming the pipeline's mail and the organisation it was routed for.
 *
 * <p>A durable mail queue hands a mail over a second time when the gateway died after the router finished with
 * it but before the pipeline acknowledged it. Without this ledger that mail was spooled twice (two Emergency
 * Inbox copies, two deliveries on the drain) or relayed twice. The router records a mail as soon as its fate is
 * committed and passes over a mail it finds recorded (ADR 0054). Records are kept for {@link #RETENTION}, far
 * longer than a mail waits in the queue of a gateway being restarted.
 */
public interface RoutedMailLedger {
    Duration RETENTION = Duration.ofDays(7);

    /** The key of one pipeline mail routed for one organisation. */
    static String key(String mailName, String organisation) {
        return organisation + "/" + mailName;
    }

    Mono<Boolean> contains(String key);

    /** Idempotent. */
    Mono<Void> record(String key);

    /**
     * For a deployment whose mail queue cannot hand a mail over twice (James's memory queue loses its mails with
     * the process): records nothing, so it costs no heap per mail.
     */
    static RoutedMailLedger none() {
        return NoRoutedMailLedger.INSTANCE;
    }
}
