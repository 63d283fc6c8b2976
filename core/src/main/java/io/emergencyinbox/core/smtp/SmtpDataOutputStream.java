package io.emergencyinbox.core.smtp;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a message as the DATA section of an SMTP transaction: bare LF become CRLF, lines starting
 * with a dot get a second dot (RFC 5321 §4.5.2), and {@link #finish()} writes the terminating
 * {@code CRLF.CRLF} (adding the last line break when the content lacks one).
 */
final class SmtpDataOutputStream extends FilterOutputStream {
    private boolean atLineStart = true;
    private boolean previousWasCr = false;

    SmtpDataOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        if (b == '\n' && !previousWasCr) {
            out.write('\r');
        }
        if (atLineStart && b == '.') {
            out.write('.');
        }
        out.write(b);
        atLineStart = b == '\n';
        previousWasCr = b == '\r';
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        for (int i = offset; i < offset + length; i++) {
            write(bytes[i]);
        }
    }

    void finish() throws IOException {
        if (!atLineStart) {
            if (!previousWasCr) {
                out.write('\r');
            }
            out.write('\n');
        }
        out.write(new byte[] {'.', '\r', '\n'});
        out.flush();
    }

    @Override
    public void close() {
        // The socket stream belongs to the client: closing the DATA section must not close it.
    }
}
