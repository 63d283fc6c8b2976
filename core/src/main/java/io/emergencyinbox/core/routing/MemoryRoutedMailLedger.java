package io.emergencyinbox.core.routing;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import javax.inject.Inject;

import reactor.core.publisher.Mono;

/** The ledger in the heap: records older than {@link #RETENTION} are dropped as new ones come. */
public class MemoryRoutedMailLedger implements RoutedMailLedger {
    private final Clock clock;
    private final Map<String, Instant> recordedAt = new ConcurrentHashMap<>();
    private final Queue<Map.Entry<String, Instant>> inRecordingOrder = new ConcurrentLinkedQueue<>();

    @Inject
    public MemoryRoutedMailLedger(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Mono<Boolean> contains(String key) {
        return Mono.fromCallable(() -> {
            Instant at = recordedAt.get(key);
            return at != null && isKept(at, clock.instant());
        });
    }

    @Override
    public Mono<Void> record(String key) {
        return Mono.fromRunnable(() -> {
            Instant now = clock.instant();
            forgetExpired(now);
            if (recordedAt.putIfAbsent(key, now) == null) {
                inRecordingOrder.add(Map.entry(key, now));
            }
        });
    }

    /** How many records the heap holds. */
    int size() {
        return recordedAt.size();
    }

    private static boolean isKept(Instant recorded, Instant now) {
        return recorded.plus(RETENTION).isAfter(now);
    }

    private void forgetExpired(Instant now) {
        Map.Entry<String, Instant> oldest;
        while ((oldest = inRecordingOrder.peek()) != null && !isKept(oldest.getValue(), now)) {
            if (inRecordingOrder.remove(oldest)) {
                recordedAt.remove(oldest.getKey(), oldest.getValue());
            }
        }
    }
}
