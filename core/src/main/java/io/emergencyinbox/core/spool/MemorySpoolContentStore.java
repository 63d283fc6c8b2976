package io.emergencyinbox.core.spool;

import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.emergencyinbox.core.message.ContentSource;
import reactor.core.publisher.Mono;

/** Content in the heap: for tests only, since spooled content must not grow the heap. */
public class MemorySpoolContentStore implements SpoolContentStore {
    private final Map<SpoolEntryId, byte[]> contents = new ConcurrentHashMap<>();

    @Override
    public Mono<Void> save(SpoolEntryId id, ContentSource content) {
        return Mono.fromCallable(() -> {
            try (InputStream in = content.open()) {
                contents.put(id, in.readAllBytes());
            }
            return id;
        }).then();
    }

    @Override
    public Mono<ContentSource> read(SpoolEntryId id) {
        return Mono.fromCallable(() -> {
            byte[] bytes = contents.get(id);
            if (bytes == null) {
                throw new SpoolContentNotFoundException(id);
            }
            return ContentSource.of(bytes);
        });
    }

    @Override
    public Mono<Void> delete(SpoolEntryId id) {
        return Mono.fromRunnable(() -> contents.remove(id));
    }

    public boolean isEmpty() {
        return contents.isEmpty();
    }
}
