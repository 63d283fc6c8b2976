package io.emergencyinbox.testing;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** One message accepted by a {@link DownstreamServer}: its envelope, as sent, and its content. */
public final class ReceivedMail {
    private final String mailFrom;
    private final List<String> mailParameters;
    private final List<String> recipients;
    private final List<String> recipientLines;
    private final byte[] content;
    private final boolean overTls;
    private final Optional<String> authenticatedUser;

    ReceivedMail(String mailFrom, List<String> mailParameters, List<String> recipients, List<String> recipientLines, byte[] content,
                 boolean overTls, Optional<String> authenticatedUser) {
        this.mailFrom = mailFrom;
        this.mailParameters = List.copyOf(mailParameters);
        this.recipients = List.copyOf(recipients);
        this.recipientLines = List.copyOf(recipientLines);
        this.content = content;
        this.overTls = overTls;
        this.authenticatedUser = authenticatedUser;
    }

    /** The reverse path, without brackets ({@code ""} for the null sender). */
    public String mailFrom() {
        return mailFrom;
    }

    /** MAIL FROM parameters such as {@code RET=HDRS}. */
    public List<String> mailParameters() {
        return mailParameters;
    }

    /** Accepted recipients, without brackets. */
    public List<String> recipients() {
        return recipients;
    }

    /** The accepted RCPT TO command lines, with their parameters. */
    public List<String> recipientLines() {
        return recipientLines;
    }

    /** Whether the message came over a connection switched to TLS by STARTTLS. */
    public boolean overTls() {
        return overTls;
    }

    /** The user the client had authenticated as (SMTP AUTH) when it sent the message. */
    public Optional<String> authenticatedUser() {
        return authenticatedUser;
    }

    public byte[] content() {
        return content.clone();
    }

    public String contentAsString() {
        return new String(content, StandardCharsets.UTF_8);
    }

    /** The value of the first header with that name, or null. */
    public String header(String name) {
        for (String line : contentAsString().split("\r\n")) {
            if (line.isEmpty()) {
                return null;
            }
            if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
                return line.substring(name.length() + 1).trim();
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "ReceivedMail{from=" + mailFrom + ", recipients=" + recipients + ", subject=" + header("Subject")
            + ", tls=" + overTls + ", user=" + authenticatedUser.orElse(null) + "}";
    }
}
