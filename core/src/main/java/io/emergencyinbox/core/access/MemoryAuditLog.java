package io.emergencyinbox.core.access;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The audit log in memory: kept for the life of the process, like the memory app's mailboxes. */
public class MemoryAuditLog implements AuditLog {
    private final List<AuditEntry> entries = new CopyOnWriteArrayList<>();

    @Override
    public Mono<Void> record(AuditEntry entry) {
        return Mono.fromRunnable(() -> entries.add(entry));
    }

    @Override
    public Flux<AuditEntry> query(AuditQuery query) {
        return Flux.defer(() -> Flux.fromIterable(entries.stream()
            .filter(query::matches)
            .sorted(Comparator.comparing(AuditEntry::at).reversed())
            .limit(query.limit())
            .collect(Collectors.toList())));
    }
}
