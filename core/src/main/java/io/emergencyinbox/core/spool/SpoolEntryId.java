package io.emergencyinbox.core.spool;

import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A spool entry's id: a time-ordered UUID (version 7 layout: 48 bits of Unix milliseconds, then a
 * counter), strictly increasing within a gateway, so that entries with the same arrival time keep
 * the order in which they arrived.
 */
public final class SpoolEntryId implements Comparable<SpoolEntryId> {
    private static final AtomicLong LAST_MOST_SIGNIFICANT = new AtomicLong();

    public static SpoolEntryId random() {
        long candidate = (System.currentTimeMillis() << 16) | 0x7000L;
        long mostSignificant = LAST_MOST_SIGNIFICANT.updateAndGet(last -> candidate > last ? candidate : last + 1);
        long leastSignificant = (ThreadLocalRandom.current().nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new SpoolEntryId(new UUID(mostSignificant, leastSignificant));
    }

    /** @throws IllegalArgumentException when the value is not a UUID */
    public static SpoolEntryId parse(String value) {
        return new SpoolEntryId(UUID.fromString(value));
    }

    public static SpoolEntryId of(UUID value) {
        return new SpoolEntryId(value);
    }

    private final UUID value;

    private SpoolEntryId(UUID value) {
        this.value = Objects.requireNonNull(value);
    }

    public UUID asUuid() {
        return value;
    }

    public String asString() {
        return value.toString();
    }

    @Override
    public int compareTo(SpoolEntryId other) {
        return value.compareTo(other.value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SpoolEntryId && ((SpoolEntryId) o).value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return asString();
    }
}
