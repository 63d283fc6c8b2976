package io.emergencyinbox.core.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.emergencyinbox.testing.DownstreamServer;
import io.emergencyinbox.testing.DownstreamServer.Greeting;
import io.emergencyinbox.testing.ReceivedMail;

class SmtpClientTest {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);

    private DownstreamServer server;
    private SmtpClient client;

    @BeforeEach
    void setUp() {
        server = DownstreamServer.start();
    }

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.close();
        }
        server.stop();
    }

    private SmtpClient connect() throws IOException {
        client = SmtpClient.connect(server.host(), server.port(), CONNECT_TIMEOUT, COMMAND_TIMEOUT);
        return client;
    }

    private SmtpClient connectAndGreet() throws IOException {
        connect();
        client.greeting();
        client.ehlo("gateway.test");
        return client;
    }

    private static InputStream stream(String content) {
        return new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8));
    }

    private ReceivedMail send(String content) throws IOException {
        connectAndGreet();
        assertThat(client.mailFrom("alice@sender.example", List.of()).code()).isEqualTo(250);
        assertThat(client.rcptTo("bob@acme.com", List.of()).code()).isEqualTo(250);
        SmtpReply reply = client.data(stream(content));
        assertThat(reply.code()).isEqualTo(250);
        assertThat(server.received()).hasSize(1);
        return server.received().get(0);
    }

    // --- greeting and EHLO

    @Test
    void theGreetingShouldBeRead() throws IOException {
        SmtpReply greeting = connect().greeting();

        assertThat(greeting.code()).isEqualTo(220);
        assertThat(greeting.lines()).containsExactly("downstream.test ESMTP ready");
        assertThat(greeting.asText()).isEqualTo("220 downstream.test ESMTP ready");
    }

    @Test
    void ehloShouldReadTheWholeMultiLineReply() throws IOException {
        connect().greeting();

        SmtpReply ehlo = client.ehlo("gateway.test");

        assertThat(ehlo.code()).isEqualTo(250);
        assertThat(ehlo.lines()).containsExactly("downstream.test", "8BITMIME", "SIZE 104857600", "DSN", "ENHANCEDSTATUSCODES");
    }

    @Test
    void ehloShouldRecordTheAnnouncedExtensions() throws IOException {
        connectAndGreet();

        assertThat(client.supports("DSN")).isTrue();
        assertThat(client.supports("8BITMIME")).isTrue();
        assertThat(client.supports("SIZE")).isTrue();
        assertThat(client.supports("ENHANCEDSTATUSCODES")).isTrue();
        assertThat(client.supports("STARTTLS")).isFalse();
        assertThat(client.supports("AUTH")).isFalse();
        assertThat(client.supports("downstream.test")).isFalse();
    }

    @Test
    void extensionsShouldBeMatchedWhateverTheirCase() throws IOException {
        connectAndGreet();

        assertThat(client.supports("dsn")).isTrue();
        assertThat(client.supports("8bitMime")).isTrue();
    }

    @Test
    void theCommandAfterAMultiLineReplyShouldGetItsOwnReply() throws IOException {
        connectAndGreet();

        SmtpReply noop = client.noop();

        assertThat(noop.code()).isEqualTo(250);
        assertThat(noop.lines()).containsExactly("2.0.0 Ok");
        assertThat(noop.enhancedStatus()).contains("2.0.0");
    }

    @Test
    void heloShouldForgetTheExtensionsOfAnEarlierEhlo() throws IOException {
        connectAndGreet();

        SmtpReply helo = client.helo("gateway.test");

        assertThat(helo.code()).isEqualTo(250);
        assertThat(client.supports("DSN")).isFalse();
    }

    // --- mail transaction

    @Test
    void aMessageShouldBeDeliveredWithItsEnvelope() throws IOException {
        connectAndGreet();
        String content = "From: alice@sender.example\r\nTo: bob@acme.com\r\nSubject: Hello\r\n\r\nHello Bob\r\n";

        assertThat(client.mailFrom("alice@sender.example", List.of("SIZE=" + content.length(), "BODY=8BITMIME")).code()).isEqualTo(250);
        assertThat(client.rcptTo("bob@acme.com", List.of("NOTIFY=DELAY,FAILURE")).code()).isEqualTo(250);
        assertThat(client.rcptTo("carol@acme.com", List.of()).code()).isEqualTo(250);
        SmtpReply reply = client.data(stream(content));

        assertThat(reply.code()).isEqualTo(250);
        assertThat(reply.enhancedStatus()).contains("2.0.0");
        assertThat(server.received()).singleElement().satisfies(mail -> {
            assertThat(mail.mailFrom()).isEqualTo("alice@sender.example");
            assertThat(mail.mailParameters()).containsExactly("SIZE=" + content.length(), "BODY=8BITMIME");
            assertThat(mail.recipients()).containsExactly("bob@acme.com", "carol@acme.com");
            assertThat(mail.recipientLines()).containsExactly("RCPT TO:<bob@acme.com> NOTIFY=DELAY,FAILURE", "RCPT TO:<carol@acme.com>");
            assertThat(mail.contentAsString()).isEqualTo(content);
        });
    }

    @Test
    void theNullSenderShouldBeSentAsEmptyBrackets() throws IOException {
        connectAndGreet();

        client.mailFrom("", List.of());
        client.rcptTo("bob@acme.com", List.of());
        client.data(stream("Subject: bounce\r\n\r\nbody\r\n"));

        assertThat(server.received()).singleElement().extracting(ReceivedMail::mailFrom).isEqualTo("");
    }

    @Test
    void linesStartingWithADotShouldArriveIntact() throws IOException {
        String content = "Subject: dots\r\n\r\n.hidden line\r\n..two dots\r\n.\r\nafter a lone dot\r\n";

        ReceivedMail mail = send(content);

        assertThat(mail.contentAsString()).isEqualTo(content);
        assertThat(client.noop().code()).isEqualTo(250);
    }

    @Test
    void bareLineFeedsShouldArriveAsCrLf() throws IOException {
        ReceivedMail mail = send("Subject: unix\n\nline one\nline two\n");

        assertThat(mail.contentAsString()).isEqualTo("Subject: unix\r\n\r\nline one\r\nline two\r\n");
    }

    @Test
    void contentWithoutFinalLineBreakShouldGetOne() throws IOException {
        ReceivedMail mail = send("Subject: no final line break\r\n\r\nthe last line");

        assertThat(mail.contentAsString()).isEqualTo("Subject: no final line break\r\n\r\nthe last line\r\n");
        assertThat(client.noop().code()).isEqualTo(250);
    }

    @Test
    void eightBitContentShouldArriveIntact() throws IOException {
        String content = "Subject: =?UTF-8?Q?caf=C3=A9?=\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nUn café, s'il vous plaît — 日本\r\n";

        ReceivedMail mail = send(content);

        assertThat(mail.content()).isEqualTo(content.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void twoMessagesShouldBeSentOnOneConnection() throws IOException {
        send("Subject: one\r\n\r\nfirst\r\n");

        client.mailFrom("alice@sender.example", List.of());
        client.rcptTo("carol@acme.com", List.of());
        assertThat(client.data(stream("Subject: two\r\n\r\nsecond\r\n")).code()).isEqualTo(250);

        assertThat(server.received()).extracting(mail -> mail.header("Subject")).containsExactly("one", "two");
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void aRefusedRecipientShouldGetTheServersReply() throws IOException {
        server.replyToRecipient("nobody@acme.com", "550 5.1.1 <nobody@acme.com>: Recipient address rejected");
        connectAndGreet();
        client.mailFrom("alice@sender.example", List.of());

        SmtpReply reply = client.rcptTo("nobody@acme.com", List.of());

        assertThat(reply.code()).isEqualTo(550);
        assertThat(reply.isPermanentFailure()).isTrue();
        assertThat(reply.enhancedStatus()).contains("5.1.1");
        assertThat(reply.asText()).isEqualTo("550 5.1.1 <nobody@acme.com>: Recipient address rejected");
    }

    @Test
    void aRefusedDataCommandShouldNotSendTheContent() throws IOException {
        connectAndGreet();
        client.mailFrom("alice@sender.example", List.of());

        SmtpReply reply = client.data(stream("Subject: never sent\r\n\r\nQUIT\r\n"));

        assertThat(reply.code()).isEqualTo(554);
        assertThat(client.noop().code()).isEqualTo(250);
        assertThat(server.received()).isEmpty();
    }

    @Test
    void aRefusedMessageShouldGetTheServersFinalReply() throws IOException {
        server.replyToData("554 5.7.1 Message rejected as spam");
        connectAndGreet();
        client.mailFrom("alice@sender.example", List.of());
        client.rcptTo("bob@acme.com", List.of());

        SmtpReply reply = client.data(stream("Subject: spam\r\n\r\nbuy now\r\n"));

        assertThat(reply.code()).isEqualTo(554);
        assertThat(reply.enhancedStatus()).contains("5.7.1");
        assertThat(server.received()).isEmpty();
    }

    @Test
    void rsetShouldBeAnswered() throws IOException {
        connectAndGreet();
        client.mailFrom("alice@sender.example", List.of());

        assertThat(client.rset().code()).isEqualTo(250);
        assertThat(client.rcptTo("bob@acme.com", List.of()).code()).isEqualTo(503);
    }

    @Test
    void quitShouldCloseTheConnection() throws IOException {
        connectAndGreet();

        client.quit();

        assertThat(client.isClosed()).isTrue();
    }

    // --- failures

    @Test
    void connectingToAClosedPortShouldFail() {
        server.stop();

        assertThatThrownBy(() -> connect()).isInstanceOf(ConnectException.class);
    }

    @Test
    void aServerClosingTheConnectionShouldFailTheReadWithAProtocolException() throws IOException {
        server.greet(Greeting.SILENT);
        connect();
        await().atMost(Duration.ofSeconds(5)).until(() -> server.connections() == 1);

        server.stop();

        assertThatThrownBy(() -> client.greeting())
            .isInstanceOf(SmtpProtocolException.class)
            .hasMessageContaining("Connection closed");
    }

    @Test
    void aServerThatSaidGoodbyeShouldFailTheNextCommand() throws IOException {
        server.greet(Greeting.NOT_AVAILABLE);
        SmtpReply greeting = connect().greeting();

        assertThat(greeting.code()).isEqualTo(421);
        assertThat(greeting.isTransientFailure()).isTrue();
        assertThatThrownBy(() -> client.ehlo("gateway.test")).isInstanceOf(IOException.class);
    }

    @Test
    void aServerStoppedDuringASessionShouldFailTheNextCommand() throws IOException {
        connectAndGreet();

        server.stop();

        assertThatThrownBy(() -> client.noop()).isInstanceOf(IOException.class);
    }

    @Test
    void aSilentServerShouldTimeOutAfterTheCommandTimeout() throws IOException {
        server.greet(Greeting.SILENT);
        client = SmtpClient.connect(server.host(), server.port(), CONNECT_TIMEOUT, Duration.ofMillis(300));
        long start = System.nanoTime();

        assertThatThrownBy(() -> client.greeting()).isInstanceOf(SocketTimeoutException.class);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(250), Duration.ofSeconds(2));
    }

    // --- protocol violations, from a peer that answers with raw bytes

    @Test
    void aReplyThatIsNotSmtpShouldFailWithAProtocolException() throws Exception {
        try (RawPeer peer = RawPeer.answering("HTTP/1.1 400 Bad Request\r\n")) {
            client = SmtpClient.connect(peer.host(), peer.port(), CONNECT_TIMEOUT, COMMAND_TIMEOUT);

            assertThatThrownBy(() -> client.greeting())
                .isInstanceOf(SmtpProtocolException.class)
                .hasMessageContaining("HTTP/1.1 400 Bad Request");
        }
    }

    @Test
    void aTooShortReplyLineShouldFailWithAProtocolException() throws Exception {
        try (RawPeer peer = RawPeer.answering("22\r\n")) {
            client = SmtpClient.connect(peer.host(), peer.port(), CONNECT_TIMEOUT, COMMAND_TIMEOUT);

            assertThatThrownBy(() -> client.greeting()).isInstanceOf(SmtpProtocolException.class);
        }
    }

    @Test
    void aMultiLineReplyMixingCodesShouldFailWithAProtocolException() throws Exception {
        try (RawPeer peer = RawPeer.answering("220-first line\r\n250 second line\r\n")) {
            client = SmtpClient.connect(peer.host(), peer.port(), CONNECT_TIMEOUT, COMMAND_TIMEOUT);

            assertThatThrownBy(() -> client.greeting())
                .isInstanceOf(SmtpProtocolException.class)
                .hasMessageContaining("250 second line");
        }
    }

    @Test
    void aReplyCodeOutOfRangeShouldFailWithAProtocolException() throws Exception {
        try (RawPeer peer = RawPeer.answering("999 what\r\n")) {
            client = SmtpClient.connect(peer.host(), peer.port(), CONNECT_TIMEOUT, COMMAND_TIMEOUT);

            assertThatThrownBy(() -> client.greeting()).isInstanceOf(SmtpProtocolException.class);
        }
    }

    @Test
    void aMultiLineGreetingWithBareLineFeedsShouldBeReadWhole() throws Exception {
        try (RawPeer peer = RawPeer.answering("220-downstream.test ESMTP\n220-no UCE\n220\n")) {
            client = SmtpClient.connect(peer.host(), peer.port(), CONNECT_TIMEOUT, COMMAND_TIMEOUT);

            SmtpReply greeting = client.greeting();

            assertThat(greeting.code()).isEqualTo(220);
            assertThat(greeting.lines()).containsExactly("downstream.test ESMTP", "no UCE", "");
        }
    }

    @Test
    void anEndlessReplyLineShouldFailWithAProtocolException() throws Exception {
        try (RawPeer peer = RawPeer.answering("220 " + "x".repeat(10_000) + "\r\n")) {
            client = SmtpClient.connect(peer.host(), peer.port(), CONNECT_TIMEOUT, COMMAND_TIMEOUT);

            assertThatThrownBy(() -> client.greeting())
                .isInstanceOf(SmtpProtocolException.class)
                .hasMessageContaining("longer than");
        }
    }

    @Test
    void dataShouldBeSentOnTheWireWithCrLfDotStuffingAndTheEndMarker() throws Exception {
        try (RawPeer peer = RawPeer.answering("220 ready\r\n", "354 go ahead\r\n", "250 queued\r\n")) {
            client = SmtpClient.connect(peer.host(), peer.port(), CONNECT_TIMEOUT, COMMAND_TIMEOUT);
            client.greeting();

            SmtpReply reply = client.data(stream("Subject: wire\n\n.dot\r\nbare LF\nno final break"));

            assertThat(reply.code()).isEqualTo(250);
            assertThat(peer.received())
                .isEqualTo("DATA\r\nSubject: wire\r\n\r\n..dot\r\nbare LF\r\nno final break\r\n.\r\n");
        }
    }

    /**
     * A TCP peer that writes canned answers, one per line received (the first on connection), and
     * records the raw bytes it is sent: for the protocol violations {@link DownstreamServer} never makes.
     */
    private static final class RawPeer implements AutoCloseable {
        private final ServerSocket listener;
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();
        private final Thread thread;

        static RawPeer answering(String... answers) throws IOException {
            return new RawPeer(answers);
        }

        private RawPeer(String[] answers) throws IOException {
            listener = new ServerSocket();
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            thread = new Thread(() -> serve(answers), "raw-smtp-peer");
            thread.setDaemon(true);
            thread.start();
        }

        String host() {
            return "127.0.0.1";
        }

        int port() {
            return listener.getLocalPort();
        }

        String received() throws InterruptedException {
            thread.join(5000);
            synchronized (received) {
                return received.toString(StandardCharsets.UTF_8);
            }
        }

        private void serve(String[] answers) {
            try (Socket socket = listener.accept()) {
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                int answered = 0;
                out.write(answers[answered++].getBytes(StandardCharsets.UTF_8));
                out.flush();
                boolean inData = false;
                StringBuilder tail = new StringBuilder();
                int b;
                while (answered < answers.length && (b = in.read()) != -1) {
                    synchronized (received) {
                        received.write(b);
                    }
                    tail.append((char) b);
                    boolean endOfCommand = !inData && tail.toString().endsWith("\r\n");
                    boolean endOfData = inData && tail.toString().endsWith("\r\n.\r\n");
                    if (endOfCommand || endOfData) {
                        inData = !inData && tail.toString().equals("DATA\r\n");
                        tail.setLength(0);
                        out.write(answers[answered++].getBytes(StandardCharsets.UTF_8));
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // the client went away
            }
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }
}
