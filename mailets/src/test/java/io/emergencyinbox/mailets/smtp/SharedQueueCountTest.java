package io.emergencyinbox.mailets.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.emergencyinbox.testing.MutableClock;

class SharedQueueCountTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T10:00:00Z"));
    private final AtomicLong asked = new AtomicLong();
    private final AtomicLong size = new AtomicLong(42);
    private final SharedQueueCount count = new SharedQueueCount(() -> {
        asked.incrementAndGet();
        return size.get();
    }, Duration.ofMillis(5), clock);

    @Test
    void readsWithinTheMaximumAgeShouldShareOneCount() {
        assertThat(count.getAsLong()).isEqualTo(42);
        size.set(7);
        clock.advance(Duration.ofMillis(4));

        assertThat(count.getAsLong()).isEqualTo(42);
        assertThat(asked).hasValue(1);
    }

    @Test
    void aReadAfterTheMaximumAgeShouldAskTheQueueAgain() {
        count.getAsLong();
        size.set(7);
        clock.advance(Duration.ofMillis(5));

        assertThat(count.getAsLong()).isEqualTo(7);
        assertThat(asked).hasValue(2);
    }
}
