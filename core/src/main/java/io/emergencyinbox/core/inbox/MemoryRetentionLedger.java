package io.emergencyinbox.core.inbox;

import java.time.Instant;
import java.util.Comparator;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.stream.Collectors;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

public class MemoryRetentionLedger implements RetentionLedger {
    private final NavigableSet<InboxCopy> copies = new ConcurrentSkipListSet<>(
        Comparator.comparing(InboxCopy::removeAfter)
            .thenComparing(copy -> copy.recipient().asString())
            .thenComparing(InboxCopy::copyId));

    @Override
    public Mono<Void> schedule(InboxCopy copy) {
        return Mono.fromRunnable(() -> copies.add(copy));
    }

    @Override
    public Flux<InboxCopy> due(Instant now, int limit) {
        return Flux.defer(() -> Flux.fromIterable(copies.stream()
            .takeWhile(copy -> !copy.removeAfter().isAfter(now))
            .limit(limit)
            .collect(Collectors.toList())));
    }

    @Override
    public Mono<Void> forget(InboxCopy copy) {
        return Mono.fromRunnable(() -> copies.remove(copy));
    }
}
