package io.emergencyinbox.webadmin.dto;

import java.time.Instant;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.emergencyinbox.core.health.DownstreamState;
import io.emergencyinbox.core.outage.OutageId;

/** The state of an organisation's downstream route and the evidence behind it. */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public final class StatusDto {
    public final String organisation;
    public final String state;
    public final String since;
    public final Optional<String> lastProbe;
    public final int consecutiveFailures;
    public final int consecutiveSuccesses;
    public final Optional<String> lastError;
    public final Optional<String> lastErrorAt;
    public final Optional<String> outage;
    public final boolean declaredByHand;
    public final long spooled;

    public StatusDto(DownstreamState state, long spooled) {
        this.organisation = state.organisation().asString();
        this.state = state.health().name();
        this.since = state.since().toString();
        this.lastProbe = state.lastProbe().map(Instant::toString);
        this.consecutiveFailures = state.consecutiveFailures();
        this.consecutiveSuccesses = state.consecutiveSuccesses();
        this.lastError = state.lastError();
        this.lastErrorAt = state.lastErrorAt().map(Instant::toString);
        this.outage = state.outage().map(OutageId::asString);
        this.declaredByHand = state.declaredByHand();
        this.spooled = spooled;
    }
}
