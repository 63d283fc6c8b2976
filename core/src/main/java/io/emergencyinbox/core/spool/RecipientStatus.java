package io.emergencyinbox.core.spool;

public enum RecipientStatus {
    /** Still owed delivery. */
    PENDING,
    /** Accepted by the downstream. */
    DELIVERED,
    /** Returned to the sender (permanent failure or expiry). */
    BOUNCED
}
