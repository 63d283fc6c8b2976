package io.emergencyinbox.core.message;

/** RFC 3461 RET: what a delivery status notification carries of the original message. */
public enum Ret {
    FULL, HDRS
}
