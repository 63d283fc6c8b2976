package io.emergencyinbox.core.delivery;

import java.util.List;
import java.util.Optional;

import org.apache.james.core.MailAddress;

import com.google.common.collect.ImmutableList;

/** The per-recipient outcome of one delivery attempt of one message over an established session. */
public final class DeliveryResult {
    private final ImmutableList<RecipientOutcome> outcomes;

    public DeliveryResult(List<RecipientOutcome> outcomes) {
        this.outcomes = ImmutableList.copyOf(outcomes);
    }

    public ImmutableList<RecipientOutcome> outcomes() {
        return outcomes;
    }

    public Optional<RecipientOutcome> outcomeOf(MailAddress recipient) {
        return outcomes.stream().filter(outcome -> outcome.recipient().equals(recipient)).findFirst();
    }

    public ImmutableList<RecipientOutcome> withKind(RecipientOutcome.Kind kind) {
        return outcomes.stream().filter(outcome -> outcome.kind() == kind).collect(ImmutableList.toImmutableList());
    }

    public boolean allDelivered() {
        return outcomes.stream().allMatch(outcome -> outcome.kind() == RecipientOutcome.Kind.DELIVERED);
    }
}
