package io.emergencyinbox.core.health;

import java.util.Objects;
import java.util.Optional;

/** The state of a route before and after one update. */
public final class StateChange {
    private final Optional<DownstreamState> before;
    private final DownstreamState after;

    public StateChange(Optional<DownstreamState> before, DownstreamState after) {
        this.before = Objects.requireNonNull(before);
        this.after = Objects.requireNonNull(after);
    }

    public Optional<DownstreamState> before() {
        return before;
    }

    public DownstreamState after() {
        return after;
    }

    public boolean wentDown() {
        return !after.isUp() && before.map(DownstreamState::isUp).orElse(true);
    }

    public boolean cameUp() {
        return after.isUp() && before.map(state -> !state.isUp()).orElse(false);
    }
}
