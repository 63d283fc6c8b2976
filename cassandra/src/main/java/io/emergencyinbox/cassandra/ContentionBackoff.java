package io.emergencyinbox.cassandra;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import reactor.core.publisher.Mono;

/**
 * How long a compare-and-set loop waits after losing to another writer: a random pause growing with the
 * attempts, so that contenders spread out instead of colliding again at once.
 */
public final class ContentionBackoff {
    private static final long FIRST_MAX_MILLIS = 4;
    private static final long LAST_MAX_MILLIS = 200;

    private ContentionBackoff() {
    }

    public static Mono<Long> pause(int attempt) {
        long max = Math.min(LAST_MAX_MILLIS, FIRST_MAX_MILLIS << Math.min(attempt, 10));
        return Mono.delay(Duration.ofMillis(ThreadLocalRandom.current().nextLong(1, max + 1)));
    }
}
