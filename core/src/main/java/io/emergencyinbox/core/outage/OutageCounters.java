package io.emergencyinbox.core.outage;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/** A snapshot of an outage's counters. */
public final class OutageCounters {
    public static final OutageCounters ZERO = new OutageCounters(Map.of());

    private final EnumMap<OutageCounter, Long> values = new EnumMap<>(OutageCounter.class);

    public OutageCounters(Map<OutageCounter, Long> values) {
        for (OutageCounter counter : OutageCounter.values()) {
            this.values.put(counter, values.getOrDefault(counter, 0L));
        }
    }

    public long get(OutageCounter counter) {
        return values.get(counter);
    }

    public long spooled() {
        return get(OutageCounter.SPOOLED);
    }

    public long delivered() {
        return get(OutageCounter.DELIVERED);
    }

    public long bounced() {
        return get(OutageCounter.BOUNCED);
    }

    public long noticesSent() {
        return get(OutageCounter.NOTICES_SENT);
    }

    /** Recipients spooled during the outage that are neither delivered nor bounced yet. */
    public long stillSpooled() {
        return spooled() - delivered() - bounced();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OutageCounters && ((OutageCounters) o).values.equals(values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(values);
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
