package io.emergencyinbox.core.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class SmtpDataOutputStreamTest {

    private static String encode(String content) throws IOException {
        return new String(encode(content.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    private static byte[] encode(byte[] content) throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        SmtpDataOutputStream data = new SmtpDataOutputStream(wire);
        data.write(content);
        data.finish();
        return wire.toByteArray();
    }

    @Test
    void crLfContentShouldBeSentAsItIsFollowedByTheEndMarker() throws IOException {
        assertThat(encode("Subject: hi\r\n\r\nbody\r\n")).isEqualTo("Subject: hi\r\n\r\nbody\r\n.\r\n");
    }

    @Test
    void bareLineFeedsShouldBecomeCrLf() throws IOException {
        assertThat(encode("Subject: hi\n\nline one\nline two\n")).isEqualTo("Subject: hi\r\n\r\nline one\r\nline two\r\n.\r\n");
    }

    @Test
    void mixedLineEndingsShouldAllBecomeCrLf() throws IOException {
        assertThat(encode("a\r\nb\nc\r\n\nd\n")).isEqualTo("a\r\nb\r\nc\r\n\r\nd\r\n.\r\n");
    }

    @Test
    void linesStartingWithADotShouldGetASecondDot() throws IOException {
        assertThat(encode(".first\r\nmiddle.dot\r\n.\r\n..two\n.\n"))
            .isEqualTo("..first\r\nmiddle.dot\r\n..\r\n...two\r\n..\r\n.\r\n");
    }

    @Test
    void contentWithoutFinalLineBreakShouldGetOne() throws IOException {
        assertThat(encode("Subject: hi\r\n\r\nno line break")).isEqualTo("Subject: hi\r\n\r\nno line break\r\n.\r\n");
    }

    @Test
    void aFinalLoneDotWithoutLineBreakShouldBeStuffedAndEnded() throws IOException {
        assertThat(encode("body\r\n.")).isEqualTo("body\r\n..\r\n.\r\n");
    }

    @Test
    void contentEndingWithACarriageReturnShouldBeCompletedToCrLf() throws IOException {
        assertThat(encode("body\r")).isEqualTo("body\r\n.\r\n");
    }

    @Test
    void emptyContentShouldBeJustTheEndMarker() throws IOException {
        assertThat(encode("")).isEqualTo(".\r\n");
    }

    @Test
    void eightBitBytesShouldBeSentUnchanged() throws IOException {
        byte[] latin1 = {'c', 'a', 'f', (byte) 0xE9, '\r', '\n', (byte) 0xFF, (byte) 0x80, '\n'};

        assertThat(encode(latin1)).containsExactly('c', 'a', 'f', 0xE9, '\r', '\n', 0xFF, 0x80, '\r', '\n', '.', '\r', '\n');
    }

    @Test
    void aCrLfSplitBetweenTwoWritesShouldNotBeDoubled() throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        SmtpDataOutputStream data = new SmtpDataOutputStream(wire);

        data.write("line\r".getBytes(StandardCharsets.US_ASCII));
        data.write("\n.dot".getBytes(StandardCharsets.US_ASCII));
        data.finish();

        assertThat(wire.toString(StandardCharsets.US_ASCII)).isEqualTo("line\r\n..dot\r\n.\r\n");
    }

    @Test
    void closingShouldNotCloseTheConnectionStream() throws IOException {
        boolean[] closed = {false};
        ByteArrayOutputStream wire = new ByteArrayOutputStream() {
            @Override
            public void close() {
                closed[0] = true;
            }
        };

        new SmtpDataOutputStream(wire).close();

        assertThat(closed[0]).isFalse();
    }
}
