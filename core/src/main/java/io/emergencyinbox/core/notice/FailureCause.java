package io.emergencyinbox.core.notice;

/** Why recipients are returned to their sender. */
public enum FailureCause {
    /** The downstream refused them with a 5xx reply. */
    PERMANENT_REPLY,
    /** They were still undelivered at the maximum spool age. */
    EXPIRED,
    /** An administrator removed them from the spool. */
    PURGED
}
