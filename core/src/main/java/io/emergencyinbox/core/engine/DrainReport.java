package io.emergencyinbox.core.engine;

import com.google.common.base.MoreObjects;

/** What one drain run of one route did. */
public final class DrainReport {
    public static final DrainReport NOTHING = new DrainReport(0, 0, 0, false);

    private final int attempted;
    private final int completed;
    private final int deferred;
    private final boolean routeFailed;

    public DrainReport(int attempted, int completed, int deferred, boolean routeFailed) {
        this.attempted = attempted;
        this.completed = completed;
        this.deferred = deferred;
        this.routeFailed = routeFailed;
    }

    /** Entries attempted. */
    public int attempted() {
        return attempted;
    }

    /** Entries that left the spool (all recipients delivered or returned). */
    public int completed() {
        return completed;
    }

    /** Entries with recipients deferred by the downstream. */
    public int deferred() {
        return deferred;
    }

    /** Whether the drain stopped because the route failed. */
    public boolean routeFailed() {
        return routeFailed;
    }

    public DrainReport plus(DrainReport other) {
        return new DrainReport(attempted + other.attempted, completed + other.completed, deferred + other.deferred,
            routeFailed || other.routeFailed);
    }

    @Override
    public String toString() {
        return MoreObjects.toStringHelper(this).add("attempted", attempted).add("completed", completed)
            .add("deferred", deferred).add("routeFailed", routeFailed).toString();
    }
}
