package io.emergencyinbox.cassandra.spool;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.UUID;

/**
 * Reads a content version chunk by chunk: one chunk in the heap at a time, whatever the message size. Each
 * chunk is fetched when the previous one is used up, on the reader's thread.
 */
class ChunkedContentStream extends InputStream {
    private final SpoolContentDao dao;
    private final UUID entry;
    private final SpoolContentDao.Header header;
    private int nextChunk;
    private ByteBuffer current = ByteBuffer.allocate(0);

    ChunkedContentStream(SpoolContentDao dao, UUID entry, SpoolContentDao.Header header) {
        this.dao = dao;
        this.entry = entry;
        this.header = header;
    }

    @Override
    public int read() throws IOException {
        if (!ensureAvailable()) {
            return -1;
        }
        return current.get() & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (!ensureAvailable()) {
            return -1;
        }
        int count = Math.min(length, current.remaining());
        current.get(buffer, offset, count);
        return count;
    }

    private boolean ensureAvailable() throws IOException {
        while (!current.hasRemaining()) {
            if (nextChunk >= header.chunkCount) {
                return false;
            }
            ByteBuffer chunk;
            try {
                chunk = dao.readChunkBlocking(entry, header.version, nextChunk);
            } catch (RuntimeException e) {
                throw new IOException("Could not read chunk " + nextChunk + " of the content of spool entry " + entry, e);
            }
            if (chunk == null) {
                throw new IOException("Chunk " + nextChunk + " of the content of spool entry " + entry
                    + " is missing: the content was replaced or deleted while being read");
            }
            current = chunk;
            nextChunk++;
        }
        return true;
    }
}
