package io.emergencyinbox.core.inbox;

/** The JMAP keywords (IMAP user flags) the gateway sets on Emergency Inbox copies. */
public final class EmergencyKeywords {
    /** The message was delivered to the recipient's own mail server. */
    public static final String DELIVERED = "$emergency-delivered";
    /** The message was returned to its sender (refused downstream, or expired). */
    public static final String RETURNED = "$emergency-returned";

    private EmergencyKeywords() {
    }
}
