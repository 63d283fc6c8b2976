package io.emergencyinbox.core.health;

import com.google.common.base.Preconditions;

/** Hysteresis: how many failures in a row mark a route DOWN, how many successes in a row bring it UP. */
public final class HealthPolicy {
    private final int failuresBeforeDown;
    private final int successesBeforeUp;

    public HealthPolicy(int failuresBeforeDown, int successesBeforeUp) {
        Preconditions.checkArgument(failuresBeforeDown >= 1, "failuresBeforeDown must be at least 1");
        Preconditions.checkArgument(successesBeforeUp >= 1, "successesBeforeUp must be at least 1");
        this.failuresBeforeDown = failuresBeforeDown;
        this.successesBeforeUp = successesBeforeUp;
    }

    public int failuresBeforeDown() {
        return failuresBeforeDown;
    }

    public int successesBeforeUp() {
        return successesBeforeUp;
    }
}
