package io.emergencyinbox.cassandra.spool;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.inject.Inject;

import io.emergencyinbox.cassandra.StoreSession;
import io.emergencyinbox.core.message.ContentSource;
import io.emergencyinbox.core.spool.SpoolContentNotFoundException;
import io.emergencyinbox.core.spool.SpoolContentStore;
import io.emergencyinbox.core.spool.SpoolEntryId;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Spooled message bytes in Cassandra, in 64 KiB chunks (ADR 0030): saved as a new version whose header is
 * written last, so a save completes atomically and replaces the previous content, whose chunks are then
 * dropped. Reading returns a {@link ContentSource} that streams the chunks: the heap never holds a whole
 * message. Its streams block while fetching a chunk, so they are read on the caller's threads.
 */
public class CassandraSpoolContentStore implements SpoolContentStore {
    static final int CHUNK_SIZE = 64 * 1024;
    private static final int CONCURRENT_CHUNK_WRITES = 4;

    private final SpoolContentDao dao;

    @Inject
    public CassandraSpoolContentStore(StoreSession session) {
        this.dao = new SpoolContentDao(session);
    }

    @Override
    public Mono<Void> save(SpoolEntryId id, ContentSource content) {
        UUID entry = id.asUuid();
        UUID version = UUID.randomUUID();
        AtomicLong size = new AtomicLong();
        AtomicInteger chunks = new AtomicInteger();
        return dao.readHeader(entry).map(previous -> Optional.of(previous.version)).defaultIfEmpty(Optional.empty())
            .flatMap(previous -> chunksOf(content)
                .index()
                .flatMapSequential(chunk -> {
                    size.addAndGet(chunk.getT2().remaining());
                    chunks.incrementAndGet();
                    return dao.writeChunk(entry, version, chunk.getT1().intValue(), chunk.getT2());
                }, CONCURRENT_CHUNK_WRITES)
                .then(Mono.defer(() -> dao.writeHeader(entry, new SpoolContentDao.Header(version, size.get(), chunks.get()))))
                .then(Mono.defer(() -> previous.map(old -> dao.deleteVersion(entry, old)).orElse(Mono.empty()))));
    }

    @Override
    public Mono<ContentSource> read(SpoolEntryId id) {
        UUID entry = id.asUuid();
        return dao.readHeader(entry)
            .switchIfEmpty(Mono.error(() -> new SpoolContentNotFoundException(id)))
            .map(header -> streamed(entry, header))
            // Whoever opens the stream right away must not do so on a driver thread, where fetching a chunk would block.
            .publishOn(Schedulers.boundedElastic());
    }

    private ContentSource streamed(UUID entry, SpoolContentDao.Header header) {
        return new ContentSource() {
            @Override
            public InputStream open() {
                return new ChunkedContentStream(dao, entry, header);
            }

            @Override
            public long size() {
                return header.size;
            }
        };
    }

    /** Drops the header first: the content is gone for readers at once, then its chunks go. */
    @Override
    public Mono<Void> delete(SpoolEntryId id) {
        UUID entry = id.asUuid();
        return dao.readHeader(entry)
            .flatMap(header -> dao.deleteHeader(entry).then(dao.deleteVersion(entry, header.version)));
    }

    /** The content cut in chunks, read from its stream on a thread that may block. */
    private static Flux<ByteBuffer> chunksOf(ContentSource content) {
        return Flux.<ByteBuffer, InputStream>generate(() -> openStream(content), (in, sink) -> {
            byte[] buffer = new byte[CHUNK_SIZE];
            int filled = readFully(in, buffer);
            if (filled > 0) {
                sink.next(ByteBuffer.wrap(buffer, 0, filled));
            }
            if (filled < CHUNK_SIZE) {
                sink.complete();
            }
            return in;
        }, CassandraSpoolContentStore::close).subscribeOn(Schedulers.boundedElastic());
    }

    private static InputStream openStream(ContentSource content) {
        try {
            return content.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int readFully(InputStream in, byte[] buffer) {
        try {
            return in.readNBytes(buffer, 0, buffer.length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void close(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
