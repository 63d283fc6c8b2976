package io.emergencyinbox.core.delivery;

import java.util.Objects;
import java.util.Optional;

import org.apache.james.core.MailAddress;

import com.google.common.base.MoreObjects;

import io.emergencyinbox.core.smtp.SmtpReply;

/** What the downstream said about one recipient of one delivery attempt. */
public final class RecipientOutcome {
    public enum Kind {
        DELIVERED, TEMPORARY_FAILURE, PERMANENT_FAILURE
    }

    public static RecipientOutcome of(MailAddress recipient, SmtpReply reply, String remoteMta) {
        Kind kind;
        if (reply.isPositiveCompletion()) {
            kind = Kind.DELIVERED;
        } else if (reply.isPermanentFailure()) {
            kind = Kind.PERMANENT_FAILURE;
        } else {
            kind = Kind.TEMPORARY_FAILURE;
        }
        return new RecipientOutcome(recipient, kind, Optional.of(reply), remoteMta);
    }

    private final MailAddress recipient;
    private final Kind kind;
    private final Optional<SmtpReply> reply;
    private final String remoteMta;

    public RecipientOutcome(MailAddress recipient, Kind kind, Optional<SmtpReply> reply, String remoteMta) {
        this.recipient = Objects.requireNonNull(recipient);
        this.kind = Objects.requireNonNull(kind);
        this.reply = Objects.requireNonNull(reply);
        this.remoteMta = Objects.requireNonNull(remoteMta);
    }

    public MailAddress recipient() {
        return recipient;
    }

    public Kind kind() {
        return kind;
    }

    /** The reply that decided this outcome (RCPT, DATA or MAIL FROM answer). */
    public Optional<SmtpReply> reply() {
        return reply;
    }

    /** The host that answered, as {@code host:port}. */
    public String remoteMta() {
        return remoteMta;
    }

    @Override
    public String toString() {
        return MoreObjects.toStringHelper(this)
            .add("recipient", recipient.asString()).add("kind", kind).add("reply", reply.orElse(null)).add("remoteMta", remoteMta)
            .toString();
    }
}
