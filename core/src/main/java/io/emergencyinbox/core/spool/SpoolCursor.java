package io.emergencyinbox.core.spool;

import java.time.Instant;
import java.util.Objects;

/** A position in the arrival order of a route's spool, for paged browsing: {@code <epoch-millis>_<entry-id>}. */
public final class SpoolCursor implements Comparable<SpoolCursor> {

    public static SpoolCursor after(SpoolEntry entry) {
        return new SpoolCursor(entry.arrival(), entry.id());
    }

    /** @throws IllegalArgumentException on a malformed cursor */
    public static SpoolCursor parse(String value) {
        int separator = value.indexOf('_');
        if (separator <= 0) {
            throw new IllegalArgumentException("Malformed spool cursor '" + value + "'");
        }
        try {
            return new SpoolCursor(Instant.ofEpochMilli(Long.parseLong(value.substring(0, separator))),
                SpoolEntryId.parse(value.substring(separator + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Malformed spool cursor '" + value + "'", e);
        }
    }

    private final Instant arrival;
    private final SpoolEntryId id;

    public SpoolCursor(Instant arrival, SpoolEntryId id) {
        this.arrival = Instant.ofEpochMilli(arrival.toEpochMilli());
        this.id = Objects.requireNonNull(id);
    }

    public Instant arrival() {
        return arrival;
    }

    public SpoolEntryId id() {
        return id;
    }

    public String asString() {
        return arrival.toEpochMilli() + "_" + id.asString();
    }

    @Override
    public int compareTo(SpoolCursor other) {
        int byArrival = arrival.compareTo(other.arrival);
        return byArrival != 0 ? byArrival : id.compareTo(other.id);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SpoolCursor && ((SpoolCursor) o).arrival.equals(arrival) && ((SpoolCursor) o).id.equals(id);
    }

    @Override
    public int hashCode() {
        return Objects.hash(arrival, id);
    }

    @Override
    public String toString() {
        return asString();
    }
}
