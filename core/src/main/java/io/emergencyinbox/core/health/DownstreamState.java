package io.emergencyinbox.core.health;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import com.google.common.base.MoreObjects;

import io.emergencyinbox.core.organisation.OrganisationId;
import io.emergencyinbox.core.outage.OutageId;

/**
 * What the gateway believes about an organisation's downstream, and the evidence behind it. The
 * transitions are pure functions, so the hysteresis rules can be tested without a store or a clock.
 */
public final class DownstreamState {

    /** A route nobody has observed yet is presumed UP: the first delivery attempt will tell. */
    public static DownstreamState initial(OrganisationId organisation, Instant now) {
        return new DownstreamState(organisation, DownstreamHealth.UP, now, 0, 0, Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), false);
    }

    private final OrganisationId organisation;
    private final DownstreamHealth health;
    private final Instant since;
    private final int consecutiveFailures;
    private final int consecutiveSuccesses;
    private final Optional<Instant> lastProbe;
    private final Optional<String> lastError;
    private final Optional<Instant> lastErrorAt;
    private final Optional<OutageId> outage;
    private final boolean declaredByHand;

    public DownstreamState(OrganisationId organisation, DownstreamHealth health, Instant since, int consecutiveFailures,
                           int consecutiveSuccesses, Optional<Instant> lastProbe, Optional<String> lastError,
                           Optional<Instant> lastErrorAt, Optional<OutageId> outage, boolean declaredByHand) {
        this.organisation = Objects.requireNonNull(organisation);
        this.health = Objects.requireNonNull(health);
        this.since = Objects.requireNonNull(since);
        this.consecutiveFailures = consecutiveFailures;
        this.consecutiveSuccesses = consecutiveSuccesses;
        this.lastProbe = Objects.requireNonNull(lastProbe);
        this.lastError = Objects.requireNonNull(lastError);
        this.lastErrorAt = Objects.requireNonNull(lastErrorAt);
        this.outage = Objects.requireNonNull(outage);
        this.declaredByHand = declaredByHand;
    }

    public DownstreamState afterSuccess(Evidence evidence, Instant now, HealthPolicy policy) {
        int successes = consecutiveSuccesses + 1;
        Optional<Instant> probe = evidence == Evidence.PROBE ? Optional.of(now) : lastProbe;
        if (health == DownstreamHealth.DOWN && !declaredByHand && successes >= policy.successesBeforeUp()) {
            return new DownstreamState(organisation, DownstreamHealth.UP, now, 0, successes, probe,
                lastError, lastErrorAt, Optional.empty(), false);
        }
        return new DownstreamState(organisation, health, since, 0, successes, probe,
            lastError, lastErrorAt, outage, declaredByHand);
    }

    public DownstreamState afterFailure(Evidence evidence, Instant now, String error, HealthPolicy policy, OutageId outageIfOpened) {
        int failures = consecutiveFailures + 1;
        Optional<Instant> probe = evidence == Evidence.PROBE ? Optional.of(now) : lastProbe;
        if (health == DownstreamHealth.UP && failures >= policy.failuresBeforeDown()) {
            return new DownstreamState(organisation, DownstreamHealth.DOWN, now, failures, 0, probe,
                Optional.of(error), Optional.of(now), Optional.of(outageIfOpened), false);
        }
        return new DownstreamState(organisation, health, since, failures, 0, probe,
            Optional.of(error), Optional.of(now), outage, declaredByHand);
    }

    /** An admin declares an outage: DOWN until an admin ends it, whatever the probes say. */
    public DownstreamState declaredDown(Instant now, OutageId outageIfOpened) {
        if (health == DownstreamHealth.DOWN) {
            return new DownstreamState(organisation, health, since, consecutiveFailures, consecutiveSuccesses, lastProbe,
                lastError, lastErrorAt, outage, true);
        }
        return new DownstreamState(organisation, DownstreamHealth.DOWN, now, consecutiveFailures, 0, lastProbe,
            lastError, lastErrorAt, Optional.of(outageIfOpened), true);
    }

    /** An admin ends the outage: UP at once; new failures will open a new outage. */
    public DownstreamState endedByHand(Instant now) {
        return new DownstreamState(organisation, DownstreamHealth.UP, now, 0, 0, lastProbe,
            lastError, lastErrorAt, Optional.empty(), false);
    }

    public OrganisationId organisation() {
        return organisation;
    }

    public DownstreamHealth health() {
        return health;
    }

    public boolean isUp() {
        return health == DownstreamHealth.UP;
    }

    public Instant since() {
        return since;
    }

    public int consecutiveFailures() {
        return consecutiveFailures;
    }

    public int consecutiveSuccesses() {
        return consecutiveSuccesses;
    }

    public Optional<Instant> lastProbe() {
        return lastProbe;
    }

    public Optional<String> lastError() {
        return lastError;
    }

    public Optional<Instant> lastErrorAt() {
        return lastErrorAt;
    }

    /** The open outage while DOWN. */
    public Optional<OutageId> outage() {
        return outage;
    }

    public boolean declaredByHand() {
        return declaredByHand;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DownstreamState)) {
            return false;
        }
        DownstreamState that = (DownstreamState) o;
        return consecutiveFailures == that.consecutiveFailures && consecutiveSuccesses == that.consecutiveSuccesses
            && declaredByHand == that.declaredByHand && organisation.equals(that.organisation) && health == that.health
            && since.equals(that.since) && lastProbe.equals(that.lastProbe) && lastError.equals(that.lastError)
            && lastErrorAt.equals(that.lastErrorAt) && outage.equals(that.outage);
    }

    @Override
    public int hashCode() {
        return Objects.hash(organisation, health, since, consecutiveFailures, consecutiveSuccesses, lastProbe, lastError,
            lastErrorAt, outage, declaredByHand);
    }

    @Override
    public String toString() {
        return MoreObjects.toStringHelper(this)
            .add("organisation", organisation).add("health", health).add("since", since)
            .add("failures", consecutiveFailures).add("successes", consecutiveSuccesses)
            .add("lastProbe", lastProbe).add("lastError", lastError).add("outage", outage)
            .add("declaredByHand", declaredByHand)
            .toString();
    }
}
