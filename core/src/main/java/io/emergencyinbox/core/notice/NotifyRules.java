package io.emergencyinbox.core.notice;

import java.util.Set;

import io.emergencyinbox.core.message.Notify;
import io.emergencyinbox.core.spool.SpoolRecipient;

/** RFC 3461 §4.1: which recipients want which notice. */
public final class NotifyRules {
    private final boolean delayedWhenNotifyAbsent;

    public NotifyRules(boolean delayedWhenNotifyAbsent) {
        this.delayedWhenNotifyAbsent = delayedWhenNotifyAbsent;
    }

    public boolean wants(SpoolRecipient recipient, NoticeKind kind) {
        if (recipient.recipient().notifyOn().isEmpty()) {
            return kind == NoticeKind.FAILED || delayedWhenNotifyAbsent;
        }
        Set<Notify> notify = recipient.recipient().notifyOn().get();
        return notify.contains(kind == NoticeKind.FAILED ? Notify.FAILURE : Notify.DELAY);
    }
}
