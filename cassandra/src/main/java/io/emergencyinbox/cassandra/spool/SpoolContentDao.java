package io.emergencyinbox.cassandra.spool;

import static io.emergencyinbox.cassandra.spool.SpoolContentTables.SPOOL_CONTENTS;
import static io.emergencyinbox.cassandra.spool.SpoolContentTables.SPOOL_CONTENT_CHUNKS;

import java.nio.ByteBuffer;
import java.util.UUID;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;

import io.emergencyinbox.cassandra.StoreSession;
import reactor.core.publisher.Mono;

/** The {@code spool_contents} and {@code spool_content_chunks} tables. */
class SpoolContentDao {
    /** The current version of an entry's content. */
    static final class Header {
        final UUID version;
        final long size;
        final int chunkCount;

        Header(UUID version, long size, int chunkCount) {
            this.version = version;
            this.size = size;
            this.chunkCount = chunkCount;
        }
    }

    private final StoreSession session;
    private final PreparedStatement insertChunk;
    private final PreparedStatement selectChunk;
    private final PreparedStatement deleteVersion;
    private final PreparedStatement insertHeader;
    private final PreparedStatement selectHeader;
    private final PreparedStatement deleteHeader;

    SpoolContentDao(StoreSession session) {
        this.session = session;
        this.insertChunk = session.prepare("INSERT INTO %s (entry_id, version, chunk_number, data) VALUES (?, ?, ?, ?)",
            SPOOL_CONTENT_CHUNKS);
        this.selectChunk = session.prepare("SELECT data FROM %s WHERE entry_id = ? AND version = ? AND chunk_number = ?",
            SPOOL_CONTENT_CHUNKS);
        this.deleteVersion = session.prepare("DELETE FROM %s WHERE entry_id = ? AND version = ?", SPOOL_CONTENT_CHUNKS);
        this.insertHeader = session.prepare("INSERT INTO %s (entry_id, version, size, chunk_count) VALUES (?, ?, ?, ?)",
            SPOOL_CONTENTS);
        this.selectHeader = session.prepare("SELECT version, size, chunk_count FROM %s WHERE entry_id = ?", SPOOL_CONTENTS);
        this.deleteHeader = session.prepare("DELETE FROM %s WHERE entry_id = ?", SPOOL_CONTENTS);
    }

    Mono<Void> writeChunk(UUID entry, UUID version, int number, ByteBuffer data) {
        return session.write(insertChunk.bind(entry, version, number, data));
    }

    /** Blocking: for the reading stream, on the caller's thread (never a driver thread). */
    ByteBuffer readChunkBlocking(UUID entry, UUID version, int number) {
        return session.row(selectChunk.bind(entry, version, number)).map(row -> row.getByteBuffer("data")).block();
    }

    Mono<Void> deleteVersion(UUID entry, UUID version) {
        return session.write(deleteVersion.bind(entry, version));
    }

    Mono<Void> writeHeader(UUID entry, Header header) {
        return session.write(insertHeader.bind(entry, header.version, header.size, header.chunkCount));
    }

    Mono<Header> readHeader(UUID entry) {
        return session.row(selectHeader.bind(entry))
            .map(row -> new Header(row.getUuid("version"), row.getLong("size"), row.getInt("chunk_count")));
    }

    Mono<Void> deleteHeader(UUID entry) {
        return session.write(deleteHeader.bind(entry));
    }
}
