package io.emergencyinbox.core.spool;

import java.util.Objects;
import java.util.UUID;

public final class SpoolEntryId implements Comparable<SpoolEntryId> {
    public static SpoolEntryId random() {
        return new SpoolEntryId(UUID.randomUUID());
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
