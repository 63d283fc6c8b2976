package io.emergencyinbox.core.spool;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import reactor.core.publisher.Mono;

public class MemorySpoolLeases implements SpoolLeases {
    private static final class Lease {
        private final String holder;
        private final Instant until;

        private Lease(String holder, Instant until) {
            this.holder = holder;
            this.until = until;
        }
    }

    private final Map<SpoolEntryId, Lease> leases = new ConcurrentHashMap<>();

    @Override
    public Mono<Boolean> tryAcquire(SpoolEntryId id, String holder, Instant now, Instant until) {
        return Mono.fromCallable(() -> {
            AtomicBoolean acquired = new AtomicBoolean(false);
            leases.compute(id, (key, current) -> {
                if (current == null || current.holder.equals(holder) || !current.until.isAfter(now)) {
                    acquired.set(true);
                    return new Lease(holder, until);
                }
                return current;
            });
            return acquired.get();
        });
    }

    @Override
    public Mono<Void> release(SpoolEntryId id, String holder) {
        return Mono.fromRunnable(() -> leases.computeIfPresent(id, (key, current) -> current.holder.equals(holder) ? null : current));
    }
}
