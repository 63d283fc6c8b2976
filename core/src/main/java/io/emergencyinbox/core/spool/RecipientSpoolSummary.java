package io.emergencyinbox.core.spool;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** What the spool holds for one recipient: pending messages, the oldest one's arrival and expiry. */
public final class RecipientSpoolSummary {
    public static final RecipientSpoolSummary EMPTY = new RecipientSpoolSummary(0, Optional.empty(), Optional.empty());

    private final long pending;
    private final Optional<Instant> oldestArrival;
    private final Optional<Instant> oldestExpiry;

    public RecipientSpoolSummary(long pending, Optional<Instant> oldestArrival, Optional<Instant> oldestExpiry) {
        this.pending = pending;
        this.oldestArrival = oldestArrival;
        this.oldestExpiry = oldestExpiry;
    }

    /** Spool entries still owed to this recipient. */
    public long pending() {
        return pending;
    }

    public Optional<Instant> oldestArrival() {
        return oldestArrival;
    }

    /** When the oldest of them is returned to its sender if still undelivered. */
    public Optional<Instant> oldestExpiry() {
        return oldestExpiry;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RecipientSpoolSummary)) {
            return false;
        }
        RecipientSpoolSummary that = (RecipientSpoolSummary) o;
        return pending == that.pending && oldestArrival.equals(that.oldestArrival) && oldestExpiry.equals(that.oldestExpiry);
    }

    @Override
    public int hashCode() {
        return Objects.hash(pending, oldestArrival, oldestExpiry);
    }

    @Override
    public String toString() {
        return "RecipientSpoolSummary{pending=" + pending + ", oldestArrival=" + oldestArrival + ", oldestExpiry=" + oldestExpiry + "}";
    }
}
