package io.emergencyinbox.core.inbox;

import java.time.Instant;
import java.util.Objects;

import org.apache.james.core.MailAddress;

/** A delivered copy waiting for the end of its retention in the Emergency Inbox. */
public final class InboxCopy {
    private final MailAddress recipient;
    private final String copyId;
    private final Instant removeAfter;

    public InboxCopy(MailAddress recipient, String copyId, Instant removeAfter) {
        this.recipient = Objects.requireNonNull(recipient);
        this.copyId = Objects.requireNonNull(copyId);
        this.removeAfter = Objects.requireNonNull(removeAfter);
    }

    public MailAddress recipient() {
        return recipient;
    }

    public String copyId() {
        return copyId;
    }

    public Instant removeAfter() {
        return removeAfter;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof InboxCopy)) {
            return false;
        }
        InboxCopy that = (InboxCopy) o;
        return recipient.equals(that.recipient) && copyId.equals(that.copyId) && removeAfter.equals(that.removeAfter);
    }

    @Override
    public int hashCode() {
        return Objects.hash(recipient, copyId, removeAfter);
    }

    @Override
    public String toString() {
        return recipient.asString() + "/" + copyId + " after " + removeAfter;
    }
}
