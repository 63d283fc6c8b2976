package io.emergencyinbox.core.spool;

import io.emergencyinbox.core.message.ContentSource;
import reactor.core.publisher.Mono;

/** The bytes of spooled messages, kept out of the heap. */
public interface SpoolContentStore {

    /** Stores the content durably before completing. */
    Mono<Void> save(SpoolEntryId id, ContentSource content);

    /** Fails with {@link SpoolContentNotFoundException} when absent. */
    Mono<ContentSource> read(SpoolEntryId id);

    /** Idempotent. */
    Mono<Void> delete(SpoolEntryId id);
}
