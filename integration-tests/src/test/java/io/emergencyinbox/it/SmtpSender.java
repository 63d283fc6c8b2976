package io.emergencyinbox.it;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.emergencyinbox.core.smtp.SmtpClient;
import io.emergencyinbox.core.smtp.SmtpReply;

/** Sends test messages to the gateway over SMTP, as a sending MTA would (with RFC 3461 parameters if asked). */
public final class SmtpSender {
    private final String host;
    private final int port;

    public SmtpSender(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** A minimal message with a unique Message-ID. */
    public static String message(String from, String to, String subject) {
        return "From: " + from + "\r\n"
            + "To: " + to + "\r\n"
            + "Subject: " + subject + "\r\n"
            + "Message-ID: <" + UUID.randomUUID() + "@sender.test>\r\n"
            + "Date: Thu, 3 Dec 2026 10:00:00 +0000\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=UTF-8\r\n"
            + "\r\n"
            + "Hello, this is " + subject + ".\r\n";
    }

    public void send(String from, String to, String subject) {
        send(from, List.of(to), List.of(), List.of(), message(from, to, subject));
    }

    /** Sends and requires 250 for MAIL, every RCPT and the end of DATA. */
    public void send(String from, List<String> recipients, List<String> mailParameters, List<String> recipientParameters,
                     String content) {
        try (SmtpClient client = SmtpClient.connect(host, port, Duration.ofSeconds(5), Duration.ofSeconds(30))) {
            expect(client.greeting(), 220);
            expect(client.ehlo("sender.test"), 250);
            expect(client.mailFrom(from, mailParameters), 250);
            for (String recipient : recipients) {
                expect(client.rcptTo(recipient, recipientParameters), 250);
            }
            expect(client.data(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8))), 250);
            client.quit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void expect(SmtpReply reply, int code) {
        if (reply.code() != code) {
            throw new AssertionError("Expected " + code + " but the gateway answered " + reply.asText());
        }
    }
}
