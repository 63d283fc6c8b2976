package io.emergencyinbox.core.notice;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

import javax.activation.DataHandler;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.ContentType;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import javax.mail.util.ByteArrayDataSource;

import org.apache.james.core.MailAddress;

import io.emergencyinbox.core.message.ContentSource;
import io.emergencyinbox.core.message.Ret;
import io.emergencyinbox.core.spool.AttemptFailure;
import io.emergencyinbox.core.spool.SpoolEntry;
import io.emergencyinbox.core.spool.SpoolRecipient;

/**
 * Writes RFC 3464 delivery status notifications: {@code multipart/report; report-type=delivery-status}
 * with a plain-language part, a {@code message/delivery-status} part and the original message
 * ({@code message/rfc822}) or only its headers ({@code text/rfc822-headers}, RET=HDRS).
 */
public class DsnReportBuilder {
    private static final DateTimeFormatter RFC_5322 = DateTimeFormatter
        .ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HUMAN = DateTimeFormatter
        .ofPattern("EEEE d MMMM yyyy 'at' HH:mm 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final Session SESSION = Session.getInstance(new Properties());
    private static final byte[] CRLF = {'\r', '\n'};

    private final String reportingMta;

    public DsnReportBuilder(String reportingMta) {
        this.reportingMta = reportingMta;
    }

    /** The details that differ between a delayed and a failed notice. */
    public static final class Report {
        private final NoticeKind kind;
        private final Optional<FailureCause> cause;
        private final SpoolEntry entry;
        private final List<SpoolRecipient> recipients;
        private final Instant now;

        public Report(NoticeKind kind, Optional<FailureCause> cause, SpoolEntry entry, List<SpoolRecipient> recipients, Instant now) {
            this.kind = kind;
            this.cause = cause;
            this.entry = entry;
            this.recipients = List.copyOf(recipients);
            this.now = now;
        }
    }

    public MimeMessage build(Report report, MailAddress from, MailAddress to, ContentSource original) {
        try {
            MimeMessage message = new MimeMessage(SESSION);
            message.setFrom(new InternetAddress(from.asString(), "Mail Delivery System"));
            message.setRecipient(javax.mail.Message.RecipientType.TO, new InternetAddress(to.asString()));
            message.setSubject(subject(report, original), "UTF-8");
            message.setSentDate(Date.from(report.now));
            message.setHeader("Auto-Submitted", "auto-replied");

            MimeMultipart multipart = new MultipartReport();
            MimeBodyPart human = new MimeBodyPart();
            human.setText(humanText(report), "UTF-8");
            multipart.addBodyPart(human);
            multipart.addBodyPart(part(deliveryStatus(report).getBytes(StandardCharsets.UTF_8), "message/delivery-status", "7bit"));
            if (report.entry.ret().orElse(Ret.FULL) == Ret.HDRS) {
                multipart.addBodyPart(part(headersOf(original), "text/rfc822-headers", "8bit"));
            } else {
                multipart.addBodyPart(part(readAll(original), "message/rfc822", "8bit"));
            }
            message.setContent(multipart);
            message.saveChanges();
            // After saveChanges(), which replaces any Message-ID with one of JavaMail's naming the local host.
            message.setHeader("Message-ID", "<" + UUID.randomUUID() + ".dsn@" + reportingMta + ">");
            return detached(message, multipart);
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("Could not build the delivery status notification for " + report.entry.id(), e);
        }
    }

    /** The {@code Status} (RFC 3463) reported for one recipient. */
    static String status(NoticeKind kind, Optional<FailureCause> cause, Optional<AttemptFailure> failure) {
        if (kind == NoticeKind.FAILED && cause.orElse(FailureCause.PERMANENT_REPLY) == FailureCause.EXPIRED) {
            return "5.4.7";
        }
        if (kind == NoticeKind.FAILED && cause.orElse(FailureCause.PERMANENT_REPLY) == FailureCause.PURGED) {
            return "5.3.0";
        }
        String classDigit = kind == NoticeKind.FAILED ? "5" : "4";
        Optional<String> replied = failure.flatMap(AttemptFailure::enhancedStatus).filter(status -> status.startsWith(classDigit));
        if (replied.isPresent()) {
            return replied.get();
        }
        if (failure.flatMap(AttemptFailure::replyCode).isPresent()) {
            return classDigit + ".0.0";
        }
        return classDigit + ".4.1";
    }

    private String subject(Report report, ContentSource original) throws IOException {
        String originalSubject = originalSubject(original).map(s -> ": " + s).orElse("");
        if (report.kind == NoticeKind.DELAYED) {
            return "Delivery delayed (still being retried)" + originalSubject;
        }
        return "Undelivered mail returned to sender" + originalSubject;
    }

    private String humanText(Report report) {
        StringBuilder text = new StringBuilder();
        text.append("This is the mail gateway ").append(reportingMta).append(".\n\n");
        if (report.kind == NoticeKind.DELAYED) {
            text.append("Your message has not been delivered yet to the recipients below: their mail server\n")
                .append("cannot be reached at the moment. Your message is kept safely and delivery will be\n")
                .append("retried until ").append(HUMAN.format(report.entry.expiry())).append(".\n")
                .append("You do not need to send it again. If it cannot be delivered by then, it will be\n")
                .append("returned to you.\n\n");
        } else if (report.cause.orElse(FailureCause.PERMANENT_REPLY) == FailureCause.EXPIRED) {
            text.append("Your message could not be delivered to the recipients below: their mail server\n")
                .append("could not be reached since ").append(HUMAN.format(report.entry.arrival())).append(",\n")
                .append("and we stopped trying on ").append(HUMAN.format(report.now)).append(".\n\n");
        } else if (report.cause.orElse(FailureCause.PERMANENT_REPLY) == FailureCause.PURGED) {
            text.append("Your message could not be delivered to the recipients below: their mail server\n")
                .append("could not be reached, and the gateway's administrator removed it from the queue.\n\n");
        } else {
            text.append("Your message could not be delivered to the recipients below: their mail server\n")
                .append("refused it. Its answer is shown under each address.\n\n");
        }
        for (SpoolRecipient recipient : report.recipients) {
            text.append("  <").append(recipient.address().asString()).append(">\n");
            failureOf(report, recipient).ifPresent(failure -> text.append("    ").append(failure.diagnostic()).append('\n'));
        }
        text.append("\nA technical report and ")
            .append(report.entry.ret().orElse(Ret.FULL) == Ret.HDRS ? "the headers of your message" : "your original message")
            .append(" are attached.\n");
        return text.toString();
    }

    private String deliveryStatus(Report report) {
        StringBuilder fields = new StringBuilder();
        fields.append("Reporting-MTA: dns; ").append(reportingMta).append("\r\n");
        report.entry.envelopeId().ifPresent(id -> fields.append("Original-Envelope-Id: ").append(fieldValue(id)).append("\r\n"));
        fields.append("Arrival-Date: ").append(RFC_5322.format(report.entry.arrival())).append("\r\n");
        for (SpoolRecipient recipient : report.recipients) {
            Optional<AttemptFailure> failure = failureOf(report, recipient);
            fields.append("\r\n");
            recipient.recipient().originalRecipient()
                .ifPresent(orcpt -> fields.append("Original-Recipient: ").append(fieldValue(orcpt)).append("\r\n"));
            fields.append("Final-Recipient: rfc822; ").append(recipient.address().asString()).append("\r\n");
            fields.append("Action: ").append(report.kind.action()).append("\r\n");
            fields.append("Status: ").append(status(report.kind, report.cause, failure)).append("\r\n");
            failure.flatMap(AttemptFailure::remoteMta)
                .ifPresent(mta -> fields.append("Remote-MTA: dns; ").append(hostOf(mta)).append("\r\n"));
            failure.filter(f -> f.replyCode().isPresent())
                .ifPresent(f -> fields.append("Diagnostic-Code: smtp; ").append(oneLine(f.diagnostic())).append("\r\n"));
            failure.ifPresent(f -> fields.append("Last-Attempt-Date: ").append(RFC_5322.format(f.at())).append("\r\n"));
            if (report.kind == NoticeKind.DELAYED) {
                fields.append("Will-Retry-Until: ").append(RFC_5322.format(report.entry.expiry())).append("\r\n");
            }
        }
        return fields.toString();
    }

    private static Optional<AttemptFailure> failureOf(Report report, SpoolRecipient recipient) {
        Optional<AttemptFailure> own = recipient.lastFailure();
        Optional<AttemptFailure> route = report.entry.lastFailure();
        if (own.isPresent() && route.isPresent()) {
            return Optional.of(own.get().at().isAfter(route.get().at()) ? own.get() : route.get());
        }
        return own.isPresent() ? own : route;
    }

    private static String hostOf(String remoteMta) {
        int colon = remoteMta.lastIndexOf(':');
        return colon > 0 && remoteMta.indexOf(':') == colon ? remoteMta.substring(0, colon) : remoteMta;
    }

    /**
     * A value the sender chose (ENVID, ORCPT), made safe as one field: control characters, which
     * could start new fields, are written as xtext escapes.
     */
    static String fieldValue(String value) {
        StringBuilder safe = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (c < 0x20 || c == 0x7f) {
                safe.append(String.format(Locale.US, "+%02X", (int) c));
            } else {
                safe.append(c);
            }
        }
        return safe.toString();
    }

    private static String oneLine(String text) {
        return text.replaceAll("[\\r\\n]+", " ");
    }

    private static MimeBodyPart part(byte[] content, String type, String transferEncoding) throws MessagingException {
        MimeBodyPart part = new MimeBodyPart();
        part.setDataHandler(new DataHandler(new ByteArrayDataSource(content, type)));
        part.setHeader("Content-Type", type);
        part.setHeader("Content-Transfer-Encoding", transferEncoding);
        return part;
    }

    private static byte[] readAll(ContentSource content) throws IOException {
        try (InputStream in = content.open()) {
            return in.readAllBytes();
        }
    }

    /** The header section of the original, up to and including the blank line that ends it. */
    static byte[] headersOf(ContentSource content) throws IOException {
        ByteArrayOutputStream headers = new ByteArrayOutputStream();
        try (InputStream in = content.open()) {
            int previous = -1;
            int beforePrevious = -1;
            int b;
            while ((b = in.read()) != -1) {
                headers.write(b);
                boolean blankLine = b == '\n' && (previous == '\n' || (previous == '\r' && beforePrevious == '\n'));
                if (blankLine) {
                    break;
                }
                beforePrevious = previous;
                previous = b;
            }
        }
        return headers.toByteArray();
    }

    private static Optional<String> originalSubject(ContentSource content) throws IOException {
        try (InputStream in = new ByteArrayInputStream(headersOf(content))) {
            String subject = new MimeMessage(SESSION, in).getSubject();
            return Optional.ofNullable(subject).map(s -> s.length() > 150 ? s.substring(0, 150) : s);
        } catch (MessagingException e) {
            return Optional.empty();
        }
    }

    /**
     * Serialised and read back, so the notice holds its own bytes and outlives the spool content. The body is
     * written by the multipart itself, not by {@code message.writeTo()}: that goes through the content handler
     * the classpath registers for {@code multipart/report}, and the one of {@code com.sun.mail:dsn} writes
     * nothing for a multipart that is not its own class.
     */
    private static MimeMessage detached(MimeMessage message, MimeMultipart body) throws MessagingException, IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Enumeration<String> headerLines = message.getAllHeaderLines();
        while (headerLines.hasMoreElements()) {
            bytes.write((headerLines.nextElement() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        bytes.write(CRLF);
        body.writeTo(bytes);
        return new MimeMessage(SESSION, new ByteArrayInputStream(bytes.toByteArray()));
    }

    /** {@code multipart/report; report-type=delivery-status} (RFC 6522). */
    private static final class MultipartReport extends MimeMultipart {
        private MultipartReport() throws MessagingException {
            super("report");
            ContentType type = new ContentType(contentType);
            type.setParameter("report-type", "delivery-status");
            contentType = type.toString();
        }
    }
}
