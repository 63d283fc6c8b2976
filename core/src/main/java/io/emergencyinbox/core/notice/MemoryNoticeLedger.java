package io.emergencyinbox.core.notice;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.emergencyinbox.core.spool.SpoolEntryId;
import reactor.core.publisher.Mono;

public class MemoryNoticeLedger implements NoticeLedger {
    private final Map<SpoolEntryId, Set<String>> sent = new ConcurrentHashMap<>();

    @Override
    public Mono<Boolean> tryRecord(SpoolEntryId entry, String noticeKey) {
        return Mono.fromCallable(() -> sent.computeIfAbsent(entry, key -> ConcurrentHashMap.newKeySet()).add(noticeKey));
    }

    @Override
    public Mono<Boolean> isRecorded(SpoolEntryId entry, String noticeKey) {
        return Mono.fromCallable(() -> sent.getOrDefault(entry, Set.of()).contains(noticeKey));
    }

    @Override
    public Mono<Void> forget(SpoolEntryId entry) {
        return Mono.fromRunnable(() -> sent.remove(entry));
    }
}
