package io.emergencyinbox.core.message;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.apache.james.core.MailAddress;

import com.google.common.base.MoreObjects;
import com.google.common.base.Preconditions;
import com.google.common.collect.Sets;

/**
 * One RCPT TO of an envelope with its RFC 3461 parameters: NOTIFY (absent when the client gave none)
 * and ORCPT, kept decoded as {@code addr-type;address} (e.g. {@code rfc822;bob@example.com}).
 */
public final class EnvelopeRecipient {

    public static EnvelopeRecipient of(MailAddress address) {
        return new EnvelopeRecipient(address, Optional.empty(), Optional.empty());
    }

    private final MailAddress address;
    private final Optional<Set<Notify>> notify;
    private final Optional<String> originalRecipient;

    public EnvelopeRecipient(MailAddress address, Optional<Set<Notify>> notify, Optional<String> originalRecipient) {
        this.address = Objects.requireNonNull(address);
        notify.ifPresent(values -> {
            Preconditions.checkArgument(!values.isEmpty(), "NOTIFY must not be empty");
            Preconditions.checkArgument(!values.contains(Notify.NEVER) || values.size() == 1,
                "NOTIFY=NEVER cannot be combined with other values");
        });
        this.notify = notify.map(values -> Sets.immutableEnumSet(EnumSet.copyOf(values)));
        this.originalRecipient = Objects.requireNonNull(originalRecipient);
    }

    public MailAddress address() {
        return address;
    }

    public Optional<Set<Notify>> notifyOn() {
        return notify;
    }

    public Optional<String> originalRecipient() {
        return originalRecipient;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof EnvelopeRecipient)) {
            return false;
        }
        EnvelopeRecipient that = (EnvelopeRecipient) o;
        return address.equals(that.address) && notify.equals(that.notify) && originalRecipient.equals(that.originalRecipient);
    }

    @Override
    public int hashCode() {
        return Objects.hash(address, notify, originalRecipient);
    }

    @Override
    public String toString() {
        return MoreObjects.toStringHelper(this).omitNullValues()
            .add("address", address.asString())
            .add("notify", notify.orElse(null))
            .add("orcpt", originalRecipient.orElse(null))
            .toString();
    }
}
