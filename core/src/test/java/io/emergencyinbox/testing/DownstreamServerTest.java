package io.emergencyinbox.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.emergencyinbox.core.smtp.SmtpClient;

/** The test double's own STARTTLS and AUTH behaviour, spoken to command by command. */
class DownstreamServerTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

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

    private SmtpClient connect() throws Exception {
        client = SmtpClient.connect(server.host(), server.port(), TIMEOUT, TIMEOUT);
        client.greeting();
        client.ehlo("client.test");
        return client;
    }

    private static String plain(String username, String password) {
        return Base64.getEncoder().encodeToString(("\0" + username + "\0" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everyRecipientShouldGetTheChosenReplyUntilTheServerBehavesNormallyAgain() throws Exception {
        server.replyToEveryRecipient("451 4.3.0 Try again later");
        connect();
        client.mailFrom("alice@sender.test", List.of());
        assertThat(client.rcptTo("bob@acme.test", List.of()).code()).isEqualTo(451);

        server.behaveNormally();
        assertThat(client.rcptTo("bob@acme.test", List.of()).code()).isEqualTo(250);
    }

    @Test
    void aServerHangingAfterDataShouldKeepTheMessageApartAndNeverAnswer() throws Exception {
        server.hangAfterData();
        connect();
        client.mailFrom("alice@sender.test", List.of());
        client.rcptTo("bob@acme.test", List.of());

        assertThatThrownBy(() -> client.data(new ByteArrayInputStream("Subject: hi\r\n\r\nbody\r\n".getBytes(StandardCharsets.UTF_8))))
            .isInstanceOf(java.net.SocketTimeoutException.class);
        assertThat(server.unanswered()).singleElement().satisfies(mail -> assertThat(mail.recipients()).containsExactly("bob@acme.test"));
        assertThat(server.received()).isEmpty();
    }

    @Test
    void aClientGoingAwayInTheMiddleOfDataShouldLeaveNoMessage() throws Exception {
        try (Socket killed = new Socket(server.host(), server.port())) {
            BufferedReader replies = new BufferedReader(new InputStreamReader(killed.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream commands = killed.getOutputStream();
            replies.readLine();
            for (String command : List.of("HELO killed.test", "MAIL FROM:<alice@sender.test>", "RCPT TO:<bob@acme.test>", "DATA")) {
                commands.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
                commands.flush();
                assertThat(replies.readLine()).as(command).matches("[23]\\d\\d .*");
            }
            commands.write("Subject: cut\r\n\r\nthe first half of a bo".getBytes(StandardCharsets.US_ASCII));
            commands.flush();
        }
        connect();
        client.mailFrom("alice@sender.test", List.of());
        client.rcptTo("bob@acme.test", List.of());
        client.data(new ByteArrayInputStream("Subject: whole\r\n\r\nbody\r\n".getBytes(StandardCharsets.UTF_8)));

        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> server.received().size() == 1);
        assertThat(server.received()).singleElement().satisfies(mail -> assertThat(mail.header("Subject")).isEqualTo("whole"));
        assertThat(server.acceptedCount()).isEqualTo(1);
    }

    @Test
    void byDefaultNeitherStartTlsNorAuthShouldBeOffered() throws Exception {
        connect();

        assertThat(client.supports("STARTTLS")).isFalse();
        assertThat(client.supports("AUTH")).isFalse();
        assertThat(client.command("STARTTLS").code()).isEqualTo(502);
        assertThat(client.command("AUTH PLAIN " + plain("u", "p")).code()).isEqualTo(502);
    }

    @Test
    void mailShouldBeRefusedWith530UntilTheClientAuthenticates() throws Exception {
        server.requireAuth("gateway", "secret");
        connect();

        assertThat(client.supports("AUTH")).isTrue();
        assertThat(client.mailFrom("alice@sender.test", List.of()).code()).isEqualTo(530);
        assertThat(client.authPlain("gateway", "wrong").code()).isEqualTo(535);
        assertThat(client.mailFrom("alice@sender.test", List.of()).code()).isEqualTo(530);
        assertThat(client.authPlain("gateway", "secret").code()).isEqualTo(235);
        assertThat(client.mailFrom("alice@sender.test", List.of()).code()).isEqualTo(250);
        assertThat(client.rcptTo("bob@acme.test", List.of()).code()).isEqualTo(250);
        assertThat(client.data(new ByteArrayInputStream("Subject: hi\r\n\r\nbody\r\n".getBytes(StandardCharsets.UTF_8))).code())
            .isEqualTo(250);

        assertThat(server.received()).singleElement().satisfies(mail -> {
            assertThat(mail.authenticatedUser()).contains("gateway");
            assertThat(mail.overTls()).isFalse();
        });
    }

    @Test
    void authPlainShouldAlsoWorkWithoutAnInitialResponse() throws Exception {
        server.requireAuth("gateway", "secret");
        connect();

        assertThat(client.command("AUTH PLAIN").code()).isEqualTo(334);
        assertThat(client.command(plain("gateway", "secret")).code()).isEqualTo(235);
    }

    @Test
    void undecodableOrUnknownMechanismsShouldBeRefusedWithoutLoggingIn() throws Exception {
        server.requireAuth("gateway", "secret");
        connect();

        assertThat(client.command("AUTH LOGIN").code()).isEqualTo(504);
        assertThat(client.command("AUTH PLAIN not-base64!").code()).isEqualTo(501);
        assertThat(client.mailFrom("alice@sender.test", List.of()).code()).isEqualTo(530);
    }

    @Test
    void whileStartTlsIsOfferedAuthShouldOnlyBeAcceptedOverTls() throws Exception {
        server.offerStartTls().requireAuth("gateway", "secret");
        connect();

        assertThat(client.supports("STARTTLS")).isTrue();
        assertThat(client.supports("AUTH")).isFalse();
        assertThat(client.authPlain("gateway", "secret").code()).isEqualTo(538);
    }

    @Test
    void aMessageSentAfterStartTlsShouldBeRecordedAsReceivedOverTls() throws Exception {
        server.offerStartTls();
        connect();

        assertThat(client.startTls(trustingEverything()).code()).isEqualTo(220);
        client.ehlo("client.test");

        assertThat(client.isTls()).isTrue();
        assertThat(client.supports("STARTTLS")).isFalse();
        assertThat(client.command("STARTTLS").code()).isEqualTo(503);
        client.mailFrom("alice@sender.test", List.of());
        client.rcptTo("bob@acme.test", List.of());
        client.data(new ByteArrayInputStream("Subject: hi\r\n\r\nbody\r\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(server.received()).singleElement().satisfies(mail -> {
            assertThat(mail.overTls()).isTrue();
            assertThat(mail.authenticatedUser()).isEmpty();
        });
        assertThat(server.tlsConnections()).isEqualTo(1);
    }

    private static SSLSocketFactory trustingEverything() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        return context.getSocketFactory();
    }
}
