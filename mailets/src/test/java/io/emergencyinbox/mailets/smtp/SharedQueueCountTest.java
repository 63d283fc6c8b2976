package io.emergencyinbox.mailets.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class SharedQueueCountTest {
    private final MovingClock clock = new MovingClock();
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
