package io.emergencyinbox.message;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.server.core.MimeMessageWrapper;

/**
 * The bytes of a message as the gateway received them, for relaying and spooling.
 *
 * <p>{@link MimeMessage#writeTo} is not a faithful copy in James: once any mailet has touched a
 * header (James's stock {@code RemoveMimeHeader bcc} does, even when there is no Bcc), James calls
 * {@code saveChanges()}, which adds Message-ID, Date and MIME-Version, re-parses multipart bodies
 * (a multipart without a boundary then fails, and the mail goes to the error processor), drops the
 * blank line of a message without headers and writes 8-bit header bytes as {@code ?}. A relay must
 * not do any of that. (Nor is James's own {@code getMessageInputStream()}: once the message has been
 * parsed it drops the blank line after an empty header section.) So a message whose body no mailet
 * replaced is written as its current header lines, in the charset they were read with, a blank line,
 * and its body bytes as received; only a replaced body is serialised by JavaMail.
 */
public final class MessageBytes {
    private static final byte[] CRLF = {'\r', '\n'};

    public static byte[] of(MimeMessage message, long sizeHint) throws MessagingException, IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 8, Math.max(1024, sizeHint)));
        write(message, bytes);
        return bytes.toByteArray();
    }

    public static void write(MimeMessage message, OutputStream out) throws MessagingException, IOException {
        if (message instanceof MimeMessageWrapper && !((MimeMessageWrapper) message).isBodyModified()) {
            writeHeaders(message.getAllHeaderLines(), out);
            try (InputStream body = message.getRawInputStream()) {
                body.transferTo(out);
            }
            return;
        }
        message.writeTo(out);
    }

    private static void writeHeaders(Enumeration<String> lines, OutputStream out) throws IOException {
        Charset charset = headerCharset();
        while (lines.hasMoreElements()) {
            out.write(lines.nextElement().getBytes(charset));
            out.write(CRLF);
        }
        out.write(CRLF);
    }

    /** JavaMail reads header bytes as UTF-8 when mail.mime.allowutf8 is set, as ISO-8859-1 otherwise: write them back the same way. */
    private static Charset headerCharset() {
        return Boolean.getBoolean("mail.mime.allowutf8") ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
    }

    private MessageBytes() {
    }
}
