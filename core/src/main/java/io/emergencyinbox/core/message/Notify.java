package io.emergencyinbox.core.message;

/** RFC 3461 NOTIFY values of one recipient. */
public enum Notify {
    SUCCESS, FAILURE, DELAY, NEVER
}
