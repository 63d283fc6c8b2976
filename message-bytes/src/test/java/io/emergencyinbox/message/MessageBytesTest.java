package io.emergencyinbox.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import javax.mail.internet.MimeMessage;

import org.apache.james.server.core.MimeMessageSource;
import org.apache.james.server.core.MimeMessageWrapper;
import org.junit.jupiter.api.Test;

class MessageBytesTest {
    private static final String NO_BOUNDARY = "From: a@example.com\r\nSubject: No boundary\r\nMIME-Version: 1.0\r\n"
        + "Content-Type: multipart/mixed\r\n\r\nThere is no boundary to split this on.\r\n";
    private static final String NO_HEADERS = "\r\nThis message has no header section at all.\r\n";
    private static final byte[] EIGHT_BIT = ("From: J\u00e9r\u00f4me <j@example.com>\r\nSubject: Caf\u00e9 \u65e5\u672c\r\n\r\nBody\r\n")
        .getBytes(StandardCharsets.UTF_8);

    @Test
    void anUntouchedMessageShouldBeCopiedByteForByte() throws Exception {
        for (byte[] original : new byte[][] {ascii(NO_BOUNDARY), ascii(NO_HEADERS), EIGHT_BIT}) {
            assertThat(MessageBytes.of(wrapperOf(original), 0)).isEqualTo(original);
        }
    }

    @Test
    void aParsedMessageShouldStillBeCopiedByteForByte() throws Exception {
        for (byte[] original : new byte[][] {ascii(NO_BOUNDARY), ascii(NO_HEADERS), EIGHT_BIT}) {
            MimeMessage message = wrapperOf(original);
            message.getContent();

            assertThat(MessageBytes.of(message, 0)).isEqualTo(original);
        }
    }

    @Test
    void removingAnAbsentHeaderShouldChangeNothing() throws Exception {
        for (byte[] original : new byte[][] {ascii(NO_BOUNDARY), EIGHT_BIT}) {
            MimeMessage message = wrapperOf(original);
            message.removeHeader("Bcc");

            assertThat(MessageBytes.of(message, 0)).isEqualTo(original);
        }
    }

    @Test
    void aMultipartWithoutBoundaryShouldKeepItsBodyWhenAHeaderIsAdded() throws Exception {
        MimeMessage message = wrapperOf(ascii(NO_BOUNDARY));
        message.addHeader("X-Gateway", "seen");

        String written = new String(MessageBytes.of(message, 0), StandardCharsets.US_ASCII);

        assertThat(written).contains("X-Gateway: seen\r\n", "From: a@example.com\r\n", "Content-Type: multipart/mixed\r\n")
            .endsWith("\r\n\r\nThere is no boundary to split this on.\r\n")
            .doesNotContain("Message-ID").doesNotContain("Date:");
    }

    @Test
    void aMessageWithoutHeadersShouldKeepTheBlankLineBeforeItsBody() throws Exception {
        MimeMessage message = wrapperOf(ascii(NO_HEADERS));
        message.addHeader("X-Gateway", "seen");

        assertThat(new String(MessageBytes.of(message, 0), StandardCharsets.US_ASCII))
            .isEqualTo("X-Gateway: seen\r\n\r\nThis message has no header section at all.\r\n");
    }

    @Test
    void eightBitHeadersShouldKeepTheirBytesWhenAnotherHeaderChanges() throws Exception {
        MimeMessage message = wrapperOf(EIGHT_BIT);
        message.addHeader("X-Gateway", "seen");

        assertThat(new String(MessageBytes.of(message, 0), StandardCharsets.UTF_8))
            .contains("X-Gateway: seen\r\n", "From: J\u00e9r\u00f4me <j@example.com>\r\nSubject: Caf\u00e9 \u65e5\u672c\r\n")
            .endsWith("\r\n\r\nBody\r\n");
    }

    @Test
    void aReplacedBodyShouldBeWritten() throws Exception {
        MimeMessage message = wrapperOf(ascii("From: a@example.com\r\nSubject: Old\r\n\r\nOld body\r\n"));
        message.setText("New body");
        message.saveChanges();

        assertThat(new String(MessageBytes.of(message, 0), StandardCharsets.US_ASCII))
            .contains("Subject: Old").contains("New body").doesNotContain("Old body");
    }

    @Test
    void aMessageBuiltInMemoryShouldBeWritten() throws Exception {
        MimeMessage message = new MimeMessage((javax.mail.Session) null);
        message.setSubject("Built");
        message.setText("In memory");
        message.saveChanges();

        assertThat(new String(MessageBytes.of(message, 0), StandardCharsets.US_ASCII)).contains("Subject: Built").contains("In memory");
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static MimeMessageWrapper wrapperOf(byte[] bytes) {
        return new MimeMessageWrapper(new MimeMessageSource() {
            @Override
            public String getSourceId() {
                return "test";
            }

            @Override
            public InputStream getInputStream() {
                return new ByteArrayInputStream(bytes);
            }
        });
    }
}
