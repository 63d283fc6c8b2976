package io.emergencyinbox.core.message;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.apache.james.core.MaybeSender;

import com.google.common.base.MoreObjects;
import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableList;

/** The SMTP envelope of a message: MAIL FROM with RET and ENVID, and its recipients. */
public final class Envelope {
    private final MaybeSender sender;
    private final ImmutableList<EnvelopeRecipient> recipients;
    private final Optional<Ret> ret;
    private final Optional<String> envelopeId;

    public Envelope(MaybeSender sender, List<EnvelopeRecipient> recipients, Optional<Ret> ret, Optional<String> envelopeId) {
        Preconditions.checkArgument(!recipients.isEmpty(), "an envelope needs at least one recipient");
        this.sender = Objects.requireNonNull(sender);
        this.recipients = ImmutableList.copyOf(recipients);
        this.ret = Objects.requireNonNull(ret);
        this.envelopeId = Objects.requireNonNull(envelopeId);
    }

    public MaybeSender sender() {
        return sender;
    }

    public ImmutableList<EnvelopeRecipient> recipients() {
        return recipients;
    }

    public Optional<Ret> ret() {
        return ret;
    }

    public Optional<String> envelopeId() {
        return envelopeId;
    }

    public Envelope withRecipients(List<EnvelopeRecipient> newRecipients) {
        return new Envelope(sender, newRecipients, ret, envelopeId);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Envelope)) {
            return false;
        }
        Envelope that = (Envelope) o;
        return sender.equals(that.sender) && recipients.equals(that.recipients) && ret.equals(that.ret)
            && envelopeId.equals(that.envelopeId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sender, recipients, ret, envelopeId);
    }

    @Override
    public String toString() {
        return MoreObjects.toStringHelper(this)
            .add("sender", sender.asString()).add("recipients", recipients)
            .add("ret", ret).add("envid", envelopeId)
            .toString();
    }
}
