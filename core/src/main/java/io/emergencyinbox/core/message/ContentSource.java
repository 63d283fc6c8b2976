package io.emergencyinbox.core.message;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/** The raw bytes of an RFC 5322 message, opened as many times as needed (delivery, inbox copy, notice). */
public interface ContentSource {

    InputStream open() throws IOException;

    long size();

    static ContentSource of(byte[] bytes) {
        return new ContentSource() {
            @Override
            public InputStream open() {
                return new ByteArrayInputStream(bytes);
            }

            @Override
            public long size() {
                return bytes.length;
            }
        };
    }
}
