package io.emergencyinbox.core.spool;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;

import com.google.common.base.MoreObjects;
import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableList;

import io.emergencyinbox.core.message.Envelope;
import io.emergencyinbox.core.message.Ret;
import io.emergencyinbox.core.organisation.OrganisationId;
import io.emergencyinbox.core.outage.OutageId;

/**
 * One accepted message the gateway still owes to some of its recipients (DESIGN §3 "Spool entry"):
 * its envelope, per-recipient state, arrival and expiry, attempt history and the next times the
 * scheduler must look at it. Its content lives in the {@link SpoolContentStore} under the same id.
 */
public final class SpoolEntry {

    public static Builder builder() {
        return new Builder();
    }

    private final SpoolEntryId id;
    private final OrganisationId organisation;
    private final MaybeSender sender;
    private final Optional<Ret> ret;
    private final Optional<String> envelopeId;
    private final ImmutableList<SpoolRecipient> recipients;
    private final Instant arrival;
    private final Instant expiry;
    private final int attempts;
    private final Instant nextAttempt;
    private final Optional<AttemptFailure> lastFailure;
    private final Optional<OutageId> outage;
    private final long size;
    private final Optional<String> subject;
    private final int delayedNoticesSent;
    private final Instant nextNoticeAt;

    private SpoolEntry(Builder builder) {
        this.id = Objects.requireNonNull(builder.id, "id");
        this.organisation = Objects.requireNonNull(builder.organisation, "organisation");
        this.sender = Objects.requireNonNull(builder.sender, "sender");
        this.ret = builder.ret;
        this.envelopeId = builder.envelopeId;
        this.recipients = ImmutableList.copyOf(builder.recipients);
        this.arrival = Objects.requireNonNull(builder.arrival, "arrival");
        this.expiry = Objects.requireNonNull(builder.expiry, "expiry");
        this.attempts = builder.attempts;
        this.nextAttempt = Objects.requireNonNull(builder.nextAttempt, "nextAttempt");
        this.lastFailure = builder.lastFailure;
        this.outage = builder.outage;
        this.size = builder.size;
        this.subject = builder.subject;
        this.delayedNoticesSent = builder.delayedNoticesSent;
        this.nextNoticeAt = builder.nextNoticeAt == null ? expiry : builder.nextNoticeAt;
        Preconditions.checkArgument(!recipients.isEmpty(), "a spool entry needs at least one recipient");
        Preconditions.checkArgument(attempts >= 0 && size >= 0 && delayedNoticesSent >= 0, "counts must not be negative");
    }

    public SpoolEntryId id() {
        return id;
    }

    /** The organisation whose downstream route this message goes to. */
    public OrganisationId organisation() {
        return organisation;
    }

    public MaybeSender sender() {
        return sender;
    }

    public Optional<Ret> ret() {
        return ret;
    }

    public Optional<String> envelopeId() {
        return envelopeId;
    }

    public ImmutableList<SpoolRecipient> recipients() {
        return recipients;
    }

    public ImmutableList<SpoolRecipient> pendingRecipients() {
        return recipients.stream().filter(SpoolRecipient::isPending).collect(ImmutableList.toImmutableList());
    }

    public boolean hasPendingRecipients() {
        return recipients.stream().anyMatch(SpoolRecipient::isPending);
    }

    public Optional<SpoolRecipient> recipient(MailAddress address) {
        return recipients.stream().filter(recipient -> recipient.address().equals(address)).findFirst();
    }

    /** The envelope for the next attempt: the recipients still pending. */
    public Envelope pendingEnvelope() {
        return new Envelope(sender,
            pendingRecipients().stream().map(SpoolRecipient::recipient).collect(ImmutableList.toImmutableList()),
            ret, envelopeId);
    }

    public Instant arrival() {
        return arrival;
    }

    /** When still-pending recipients are returned to the sender. */
    public Instant expiry() {
        return expiry;
    }

    public int attempts() {
        return attempts;
    }

    public Instant nextAttempt() {
        return nextAttempt;
    }

    /** The last failure of the route as a whole (connection, timeout, greeting) seen for this entry. */
    public Optional<AttemptFailure> lastFailure() {
        return lastFailure;
    }

    /** The outage during which the message was spooled, if it was spooled because of one. */
    public Optional<OutageId> outage() {
        return outage;
    }

    public long size() {
        return size;
    }

    public Optional<String> subject() {
        return subject;
    }

    public int delayedNoticesSent() {
        return delayedNoticesSent;
    }

    /** When the scheduler must next look at this entry for a notice or expiry. */
    public Instant nextNoticeAt() {
        return nextNoticeAt;
    }

    public SpoolEntry with(UnaryOperator<Builder> change) {
        return change.apply(toBuilder()).build();
    }

    public SpoolEntry withRecipient(SpoolRecipient updated) {
        return with(builder -> builder.recipients(recipients.stream()
            .map(recipient -> recipient.address().equals(updated.address()) ? updated : recipient)
            .collect(ImmutableList.toImmutableList())));
    }

    public Builder toBuilder() {
        return new Builder().id(id).organisation(organisation).sender(sender).ret(ret).envelopeId(envelopeId)
            .recipients(recipients).arrival(arrival).expiry(expiry).attempts(attempts).nextAttempt(nextAttempt)
            .lastFailure(lastFailure).outage(outage).size(size).subject(subject)
            .delayedNoticesSent(delayedNoticesSent).nextNoticeAt(nextNoticeAt);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SpoolEntry)) {
            return false;
        }
        SpoolEntry that = (SpoolEntry) o;
        return attempts == that.attempts && size == that.size && delayedNoticesSent == that.delayedNoticesSent
            && id.equals(that.id) && organisation.equals(that.organisation) && sender.equals(that.sender)
            && ret.equals(that.ret) && envelopeId.equals(that.envelopeId) && recipients.equals(that.recipients)
            && arrival.equals(that.arrival) && expiry.equals(that.expiry) && nextAttempt.equals(that.nextAttempt)
            && lastFailure.equals(that.lastFailure) && outage.equals(that.outage) && subject.equals(that.subject)
            && nextNoticeAt.equals(that.nextNoticeAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, organisation, sender, ret, envelopeId, recipients, arrival, expiry, attempts, nextAttempt,
            lastFailure, outage, size, subject, delayedNoticesSent, nextNoticeAt);
    }

    @Override
    public String toString() {
        return MoreObjects.toStringHelper(this)
            .add("id", id).add("organisation", organisation).add("sender", sender.asString())
            .add("recipients", recipients).add("arrival", arrival).add("attempts", attempts)
            .add("nextAttempt", nextAttempt).add("outage", outage).add("nextNoticeAt", nextNoticeAt)
            .toString();
    }

    public static final class Builder {
        private SpoolEntryId id;
        private OrganisationId organisation;
        private MaybeSender sender;
        private Optional<Ret> ret = Optional.empty();
        private Optional<String> envelopeId = Optional.empty();
        private List<SpoolRecipient> recipients = List.of();
        private Instant arrival;
        private Instant expiry;
        private int attempts;
        private Instant nextAttempt;
        private Optional<AttemptFailure> lastFailure = Optional.empty();
        private Optional<OutageId> outage = Optional.empty();
        private long size;
        private Optional<String> subject = Optional.empty();
        private int delayedNoticesSent;
        private Instant nextNoticeAt;

        private Builder() {
        }

        public Builder id(SpoolEntryId value) {
            this.id = value;
            return this;
        }

        public Builder organisation(OrganisationId value) {
            this.organisation = value;
            return this;
        }

        public Builder sender(MaybeSender value) {
            this.sender = value;
            return this;
        }

        public Builder ret(Optional<Ret> value) {
            this.ret = Objects.requireNonNull(value);
            return this;
        }

        public Builder envelopeId(Optional<String> value) {
            this.envelopeId = Objects.requireNonNull(value);
            return this;
        }

        public Builder recipients(List<SpoolRecipient> value) {
            this.recipients = Objects.requireNonNull(value);
            return this;
        }

        public Builder arrival(Instant value) {
            this.arrival = value;
            return this;
        }

        public Builder expiry(Instant value) {
            this.expiry = value;
            return this;
        }

        public Builder attempts(int value) {
            this.attempts = value;
            return this;
        }

        public Builder nextAttempt(Instant value) {
            this.nextAttempt = value;
            return this;
        }

        public Builder lastFailure(Optional<AttemptFailure> value) {
            this.lastFailure = Objects.requireNonNull(value);
            return this;
        }

        public Builder outage(Optional<OutageId> value) {
            this.outage = Objects.requireNonNull(value);
            return this;
        }

        public Builder size(long value) {
            this.size = value;
            return this;
        }

        public Builder subject(Optional<String> value) {
            this.subject = Objects.requireNonNull(value);
            return this;
        }

        public Builder delayedNoticesSent(int value) {
            this.delayedNoticesSent = value;
            return this;
        }

        public Builder nextNoticeAt(Instant value) {
            this.nextNoticeAt = value;
            return this;
        }

        public SpoolEntry build() {
            return new SpoolEntry(this);
        }
    }
}
