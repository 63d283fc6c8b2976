package io.emergencyinbox.mailets.smtp;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * A queue's size read by many SMTP sessions at once, asked of the queue at most once per {@code maxAge}, by one
 * thread at a time. Counting can cost a round trip (the on-disk queue asks its broker), and the queue's own
 * counter need not be safe for concurrent use (James's ActiveMQ queue counts over one shared JMS session).
 */
final class SharedQueueCount implements LongSupplier {
    private final LongSupplier count;
    private final Duration maxAge;
    private final Clock clock;
    private long value;
    private Instant readAt;

    SharedQueueCount(LongSupplier count, Duration maxAge, Clock clock) {
        this.count = count;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    @Override
    public synchronized long getAsLong() {
        Instant now = clock.instant();
        if (readAt == null || !now.isBefore(readAt.plus(maxAge))) {
            value = count.getAsLong();
            readAt = now;
        }
        return value;
    }
}
