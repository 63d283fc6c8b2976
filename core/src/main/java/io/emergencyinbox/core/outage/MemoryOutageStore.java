package io.emergencyinbox.core.outage;

import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import io.emergencyinbox.core.organisation.OrganisationId;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

public class MemoryOutageStore implements OutageStore {
    private final Map<OutageId, Outage> outages = new ConcurrentHashMap<>();
    private final Map<OutageId, EnumMap<OutageCounter, AtomicLong>> counters = new ConcurrentHashMap<>();

    @Override
    public Mono<Void> open(Outage outage) {
        return Mono.fromRunnable(() -> outages.putIfAbsent(outage.id(), outage.withCounters(OutageCounters.ZERO)));
    }

    @Override
    public Mono<Void> close(OutageId id, Instant end) {
        return Mono.fromRunnable(() -> outages.computeIfPresent(id,
            (key, outage) -> outage.isOpen() ? outage.closedAt(end) : outage));
    }

    @Override
    public Mono<Outage> get(OutageId id) {
        return Mono.fromCallable(() -> Optional.ofNullable(outages.get(id)).map(this::withCounters).orElse(null));
    }

    @Override
    public Flux<Outage> list(OrganisationId organisation) {
        return Flux.defer(() -> {
            List<Outage> matching = outages.values().stream()
                .filter(outage -> outage.organisation().equals(organisation))
                .sorted(Comparator.comparing(Outage::start).reversed())
                .map(this::withCounters)
                .collect(Collectors.toList());
            return Flux.fromIterable(matching);
        });
    }

    @Override
    public Mono<Void> increment(OutageId id, OutageCounter counter, long delta) {
        return Mono.fromRunnable(() -> counters.computeIfAbsent(id, key -> newCounters())
            .get(counter).addAndGet(delta));
    }

    @Override
    public Mono<Void> deleteAll(OrganisationId organisation) {
        return Mono.fromRunnable(() -> outages.values().removeIf(outage -> {
            if (outage.organisation().equals(organisation)) {
                counters.remove(outage.id());
                return true;
            }
            return false;
        }));
    }

    private Outage withCounters(Outage outage) {
        EnumMap<OutageCounter, AtomicLong> values = counters.get(outage.id());
        if (values == null) {
            return outage;
        }
        Map<OutageCounter, Long> snapshot = new EnumMap<>(OutageCounter.class);
        values.forEach((counter, value) -> snapshot.put(counter, value.get()));
        return outage.withCounters(new OutageCounters(snapshot));
    }

    private static EnumMap<OutageCounter, AtomicLong> newCounters() {
        EnumMap<OutageCounter, AtomicLong> values = new EnumMap<>(OutageCounter.class);
        for (OutageCounter counter : OutageCounter.values()) {
            values.put(counter, new AtomicLong());
        }
        return values;
    }
}
