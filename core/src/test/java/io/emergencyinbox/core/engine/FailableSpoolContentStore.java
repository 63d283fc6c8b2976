package io.emergencyinbox.core.engine;

import java.util.concurrent.atomic.AtomicBoolean;

import io.emergencyinbox.core.message.ContentSource;
import io.emergencyinbox.core.spool.MemorySpoolContentStore;
import io.emergencyinbox.core.spool.SpoolEntryId;
import reactor.core.publisher.Mono;

/** The memory content store, whose next save can be made to fail as a store going away would. */
final class FailableSpoolContentStore extends MemorySpoolContentStore {
    private final AtomicBoolean failNextSave = new AtomicBoolean();

    void failNextSave() {
        failNextSave.set(true);
    }

    @Override
    public Mono<Void> save(SpoolEntryId id, ContentSource content) {
        if (failNextSave.compareAndSet(true, false)) {
            return Mono.error(new IllegalStateException("The content store is unavailable (test)"));
        }
        return super.save(id, content);
    }
}
