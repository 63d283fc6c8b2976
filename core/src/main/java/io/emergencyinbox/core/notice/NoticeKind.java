package io.emergencyinbox.core.notice;

/** The RFC 3464 action a notice reports. */
public enum NoticeKind {
    DELAYED("delayed"),
    FAILED("failed");

    private final String action;

    NoticeKind(String action) {
        this.action = action;
    }

    /** The value of the {@code Action} field. */
    public String action() {
        return action;
    }
}
