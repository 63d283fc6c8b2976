package io.emergencyinbox.core.spool;

import java.util.Objects;
import java.util.Optional;

import org.apache.james.core.MailAddress;

import com.google.common.base.MoreObjects;

import io.emergencyinbox.core.message.EnvelopeRecipient;

/** One recipient of a spooled message: its envelope parameters, where it stands, and its inbox copy. */
public final class SpoolRecipient {

    public static SpoolRecipient pending(EnvelopeRecipient recipient) {
        return new SpoolRecipient(recipient, RecipientStatus.PENDING, Optional.empty(), Optional.empty());
    }

    private final EnvelopeRecipient recipient;
    private final RecipientStatus status;
    private final Optional<AttemptFailure> lastFailure;
    private final Optional<String> inboxCopy;

    public SpoolRecipient(EnvelopeRecipient recipient, RecipientStatus status, Optional<AttemptFailure> lastFailure,
                          Optional<String> inboxCopy) {
        this.recipient = Objects.requireNonNull(recipient);
        this.status = Objects.requireNonNull(status);
        this.lastFailure = Objects.requireNonNull(lastFailure);
        this.inboxCopy = Objects.requireNonNull(inboxCopy);
    }

    public EnvelopeRecipient recipient() {
        return recipient;
    }

    public MailAddress address() {
        return recipient.address();
    }

    public RecipientStatus status() {
        return status;
    }

    public boolean isPending() {
        return status == RecipientStatus.PENDING;
    }

    public Optional<AttemptFailure> lastFailure() {
        return lastFailure;
    }

    /** The id of this recipient's Emergency Inbox copy, when one was made (the recipient has an account). */
    public Optional<String> inboxCopy() {
        return inboxCopy;
    }

    public SpoolRecipient withStatus(RecipientStatus newStatus) {
        return new SpoolRecipient(recipient, newStatus, lastFailure, inboxCopy);
    }

    public SpoolRecipient withFailure(AttemptFailure failure) {
        return new SpoolRecipient(recipient, status, Optional.of(failure), inboxCopy);
    }

    public SpoolRecipient withInboxCopy(String copyId) {
        return new SpoolRecipient(recipient, status, lastFailure, Optional.of(copyId));
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SpoolRecipient)) {
            return false;
        }
        SpoolRecipient that = (SpoolRecipient) o;
        return recipient.equals(that.recipient) && status == that.status && lastFailure.equals(that.lastFailure)
            && inboxCopy.equals(that.inboxCopy);
    }

    @Override
    public int hashCode() {
        return Objects.hash(recipient, status, lastFailure, inboxCopy);
    }

    @Override
    public String toString() {
        return MoreObjects.toStringHelper(this).add("recipient", recipient).add("status", status)
            .add("lastFailure", lastFailure).add("inboxCopy", inboxCopy).toString();
    }
}
