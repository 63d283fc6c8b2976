package io.emergencyinbox.core.outage;

/** What opened an outage. */
public enum OutageTrigger {
    /** Health probes failed in a row. */
    PROBE,
    /** Delivery attempts failed at the route level in a row. */
    DELIVERY_FAILURE,
    /** An admin declared it (planned maintenance); only an admin ends it. */
    MANUAL
}
