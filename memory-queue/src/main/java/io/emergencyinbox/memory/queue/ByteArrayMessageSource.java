package io.emergencyinbox.memory.queue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;

import org.apache.james.server.core.MimeMessageSource;

/** The bytes of one queued message, held in memory, read by a {@code MimeMessageWrapper} only when needed. */
final class ByteArrayMessageSource implements MimeMessageSource {
    private final String sourceId;
    private final byte[] bytes;

    ByteArrayMessageSource(String sourceId, byte[] bytes) {
        this.sourceId = sourceId;
        this.bytes = bytes;
    }

    @Override
    public String getSourceId() {
        return sourceId;
    }

    @Override
    public InputStream getInputStream() {
        return new ByteArrayInputStream(bytes);
    }

    @Override
    public long getMessageSize() {
        return bytes.length;
    }
}
