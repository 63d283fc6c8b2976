package io.emergencyinbox.core.outage;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import com.google.common.base.MoreObjects;

import io.emergencyinbox.core.organisation.OrganisationId;

/** One period during which an organisation's downstream was considered DOWN. */
public final class Outage {
    private final OutageId id;
    private final OrganisationId organisation;
    private final Instant start;
    private final Optional<Instant> end;
    private final OutageTrigger trigger;
    private final Optional<String> reason;
    private final OutageCounters counters;

    public Outage(OutageId id, OrganisationId organisation, Instant start, Optional<Instant> end,
                  OutageTrigger trigger, Optional<String> reason, OutageCounters counters) {
        this.id = Objects.requireNonNull(id);
        this.organisation = Objects.requireNonNull(organisation);
        this.start = Objects.requireNonNull(start);
        this.end = Objects.requireNonNull(end);
        this.trigger = Objects.requireNonNull(trigger);
        this.reason = Objects.requireNonNull(reason);
        this.counters = Objects.requireNonNull(counters);
    }

    public static Outage open(OutageId id, OrganisationId organisation, Instant start, OutageTrigger trigger, Optional<String> reason) {
        return new Outage(id, organisation, start, Optional.empty(), trigger, reason, OutageCounters.ZERO);
    }

    public OutageId id() {
        return id;
    }

    public OrganisationId organisation() {
        return organisation;
    }

    public Instant start() {
        return start;
    }

    public Optional<Instant> end() {
        return end;
    }

    public boolean isOpen() {
        return end.isEmpty();
    }

    public OutageTrigger trigger() {
        return trigger;
    }

    public Optional<String> reason() {
        return reason;
    }

    public OutageCounters counters() {
        return counters;
    }

    public Outage withCounters(OutageCounters newCounters) {
        return new Outage(id, organisation, start, end, trigger, reason, newCounters);
    }

    public Outage closedAt(Instant instant) {
        return new Outage(id, organisation, start, Optional.of(instant), trigger, reason, counters);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Outage)) {
            return false;
        }
        Outage that = (Outage) o;
        return id.equals(that.id) && organisation.equals(that.organisation) && start.equals(that.start) && end.equals(that.end)
            && trigger == that.trigger && reason.equals(that.reason) && counters.equals(that.counters);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, organisation, start, end, trigger, reason, counters);
    }

    @Override
    public String toString() {
        return MoreObjects.toStringHelper(this)
            .add("id", id).add("organisation", organisation).add("start", start).add("end", end)
            .add("trigger", trigger).add("reason", reason).add("counters", counters)
            .toString();
    }
}
