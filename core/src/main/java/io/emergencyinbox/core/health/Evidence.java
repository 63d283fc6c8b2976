package io.emergencyinbox.core.health;

/** Where a success or failure was observed. */
public enum Evidence {
    /** The active health probe (connect, greeting, EHLO, QUIT). */
    PROBE,
    /** A real delivery attempt. */
    DELIVERY
}
