package io.emergencyinbox.core.outage;

/** The counters kept per outage. Each counts recipients, not messages. */
public enum OutageCounter {
    /** Recipients that entered the spool while this outage was open. */
    SPOOLED,
    /** Of those, recipients later delivered downstream. */
    DELIVERED,
    /** Of those, recipients returned to their sender (permanent failure or expiry). */
    BOUNCED,
    /** Delivery status notifications sent for them. */
    NOTICES_SENT
}
