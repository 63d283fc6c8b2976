package io.emergencyinbox.cassandra.index;

import java.time.Instant;

/**
 * Where the rows of one bucket of a time-ordered index lie: none before {@code floor}, none in a day after
 * {@code lastDay}.
 */
final class IndexBounds {
    final Instant floor;
    final long lastDay;

    IndexBounds(Instant floor, long lastDay) {
        this.floor = floor;
        this.lastDay = lastDay;
    }
}
