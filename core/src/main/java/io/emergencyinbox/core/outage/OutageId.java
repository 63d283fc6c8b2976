package io.emergencyinbox.core.outage;

import java.util.Objects;
import java.util.UUID;

public final class OutageId {
    public static OutageId random() {
        return new OutageId(UUID.randomUUID());
    }

    /** @throws IllegalArgumentException when the value is not a UUID */
    public static OutageId parse(String value) {
        return new OutageId(UUID.fromString(value));
    }

    public static OutageId of(UUID value) {
        return new OutageId(value);
    }

    private final UUID value;

    private OutageId(UUID value) {
        this.value = Objects.requireNonNull(value);
    }

    public UUID asUuid() {
        return value;
    }

    public String asString() {
        return value.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OutageId && ((OutageId) o).value.equals(value);
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
