package io.emergencyinbox.core.notice;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import javax.mail.BodyPart;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.AddressException;
import javax.mail.internet.ContentType;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.InternetHeaders;
import javax.mail.internet.MailDateFormat;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.junit.jupiter.api.Test;

import com.sun.mail.dsn.DeliveryStatus;
import com.sun.mail.dsn.MultipartReport;
import com.sun.mail.dsn.Report;

import io.emergencyinbox.core.message.ContentSource;
import io.emergencyinbox.core.message.EnvelopeRecipient;
import io.emergencyinbox.core.message.Notify;
import io.emergencyinbox.core.message.Ret;
import io.emergencyinbox.core.organisation.OrganisationId;
import io.emergencyinbox.core.smtp.SmtpReply;
import io.emergencyinbox.core.spool.AttemptFailure;
import io.emergencyinbox.core.spool.SpoolEntry;
import io.emergencyinbox.core.spool.SpoolEntryId;
import io.emergencyinbox.core.spool.SpoolRecipient;

/**
 * Builds notices and reads them back with JavaMail's own RFC 3464 parser ({@code com.sun.mail:dsn}), as a
 * sender's mail client would.
 */
class DsnReportBuilderTest {
    private static final String REPORTING_MTA = "gateway.example.net";
    private static final Instant ARRIVAL = Instant.parse("2024-03-01T10:00:00Z");
    private static final Instant EXPIRY = ARRIVAL.plus(Duration.ofDays(30));
    private static final Instant NOW = ARRIVAL.plus(Duration.ofHours(4));
    private static final Instant LAST_ATTEMPT = ARRIVAL.plus(Duration.ofHours(3));
    private static final String ORIGINAL_BODY = "The figures for the first quarter are attached.";
    private static final byte[] ORIGINAL = ("From: Alice <alice@sender.example>\r\n"
        + "To: bob@acme.com\r\n"
        + "Subject: Quarterly report\r\n"
        + "Message-ID: <original-1@sender.example>\r\n"
        + "Date: Fri, 1 Mar 2024 10:59:58 +0100\r\n"
        + "\r\n"
        + ORIGINAL_BODY + "\r\n").getBytes(StandardCharsets.UTF_8);
    private static final Session SESSION = Session.getInstance(new Properties());

    private final DsnReportBuilder builder = new DsnReportBuilder(REPORTING_MTA);

    private static MailAddress address(String value) {
        try {
            return new MailAddress(value);
        } catch (AddressException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static SpoolRecipient recipient(String address) {
        return SpoolRecipient.pending(EnvelopeRecipient.of(address(address)));
    }

    private static SpoolEntry.Builder entry(SpoolRecipient... recipients) {
        return SpoolEntry.builder()
            .id(SpoolEntryId.random())
            .organisation(OrganisationId.of("acme"))
            .sender(MaybeSender.of(address("alice@sender.example")))
            .recipients(List.of(recipients))
            .arrival(ARRIVAL)
            .expiry(EXPIRY)
            .nextAttempt(ARRIVAL.plus(Duration.ofMinutes(30)));
    }

    private static AttemptFailure reply(String mta, int code, String text) {
        return AttemptFailure.ofReply(LAST_ATTEMPT, mta, new SmtpReply(code, List.of(text)));
    }

    private static AttemptFailure connectionFailure() {
        return AttemptFailure.ofConnection(LAST_ATTEMPT, "connect to mx1.acme.com:25: ConnectException Connection refused");
    }

    private MimeMessage delayed(SpoolEntry entry) throws Exception {
        return build(NoticeKind.DELAYED, Optional.empty(), entry, entry.recipients());
    }

    private MimeMessage failed(SpoolEntry entry, FailureCause cause) throws Exception {
        return build(NoticeKind.FAILED, Optional.of(cause), entry, entry.recipients());
    }

    /** Builds the notice, then reads its bytes back as a receiving client would. */
    private MimeMessage build(NoticeKind kind, Optional<FailureCause> cause, SpoolEntry entry, List<SpoolRecipient> recipients)
        throws Exception {
        MimeMessage notice = builder.build(new DsnReportBuilder.Report(kind, cause, entry, recipients, NOW),
            address("postmaster@gateway.example.net"), address("alice@sender.example"), ContentSource.of(ORIGINAL));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        notice.writeTo(bytes);
        return new MimeMessage(SESSION, new ByteArrayInputStream(bytes.toByteArray()));
    }

    private static MultipartReport report(MimeMessage notice) throws IOException, MessagingException {
        Object content = notice.getContent();
        assertThat(content).isInstanceOf(MultipartReport.class);
        return (MultipartReport) content;
    }

    private static DeliveryStatus deliveryStatus(MimeMessage notice) throws IOException, MessagingException {
        Report status = report(notice).getReport();
        assertThat(status).isInstanceOf(DeliveryStatus.class);
        return (DeliveryStatus) status;
    }

    private static String field(InternetHeaders fields, String name) {
        return fields.getHeader(name, null);
    }

    private static Instant date(String value) throws Exception {
        return new MailDateFormat().parse(value).toInstant();
    }

    private static String text(BodyPart part) throws IOException, MessagingException {
        try (InputStream in = part.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    // --- structure

    @Test
    void aNoticeShouldBeAMultipartReportOfDeliveryStatus() throws Exception {
        MimeMessage notice = delayed(entry(recipient("bob@acme.com")).build());

        ContentType type = new ContentType(notice.getContentType());
        assertThat(type.getBaseType()).isEqualTo("multipart/report");
        assertThat(type.getParameter("report-type")).isEqualTo("delivery-status");
        MultipartReport report = report(notice);
        assertThat(report.getCount()).isEqualTo(3);
        assertThat(new ContentType(report.getBodyPart(0).getContentType()).getBaseType()).isEqualTo("text/plain");
        assertThat(new ContentType(report.getBodyPart(1).getContentType()).getBaseType()).isEqualTo("message/delivery-status");
        assertThat(new ContentType(report.getBodyPart(2).getContentType()).getBaseType()).isEqualTo("message/rfc822");
    }

    @Test
    void aNoticeShouldBeAnAutomaticReplyFromThePostmasterToTheSender() throws Exception {
        MimeMessage notice = delayed(entry(recipient("bob@acme.com")).build());

        assertThat(notice.getHeader("Auto-Submitted", null)).isEqualTo("auto-replied");
        assertThat(((InternetAddress) notice.getFrom()[0]).getAddress()).isEqualTo("postmaster@gateway.example.net");
        assertThat(notice.getRecipients(Message.RecipientType.TO))
            .extracting(recipient -> ((InternetAddress) recipient).getAddress())
            .containsExactly("alice@sender.example");
        assertThat(notice.getSentDate()).isEqualTo(Date.from(NOW));
    }

    @Test
    void aNoticeShouldCarryItsOwnMessageIdNamingTheReportingMta() throws Exception {
        MimeMessage first = delayed(entry(recipient("bob@acme.com")).build());
        MimeMessage second = delayed(entry(recipient("bob@acme.com")).build());

        assertThat(first.getMessageID()).matches("<[^@>]+@" + REPORTING_MTA.replace(".", "\\.") + ">");
        assertThat(first.getMessageID()).isNotEqualTo(second.getMessageID());
    }

    @Test
    void theSubjectShouldTellWhatHappenedToTheOriginal() throws Exception {
        assertThat(delayed(entry(recipient("bob@acme.com")).build()).getSubject())
            .isEqualTo("Delivery delayed (still being retried): Quarterly report");
        assertThat(failed(entry(recipient("bob@acme.com")).build(), FailureCause.EXPIRED).getSubject())
            .isEqualTo("Undelivered mail returned to sender: Quarterly report");
    }

    @Test
    void theHumanPartShouldNameTheRecipientsAndTheRetryLimit() throws Exception {
        SpoolEntry entry = entry(recipient("bob@acme.com"), recipient("carol@acme.com")).build();

        String human = report(delayed(entry)).getText();

        assertThat(human).contains("<bob@acme.com>", "<carol@acme.com>", "Sunday 31 March 2024 at 10:00 UTC");
    }

    // --- per-message fields

    @Test
    void perMessageFieldsShouldNameTheReportingMtaAndTheArrivalDate() throws Exception {
        InternetHeaders fields = deliveryStatus(delayed(entry(recipient("bob@acme.com")).build())).getMessageDSN();

        assertThat(field(fields, "Reporting-MTA")).isEqualTo("dns; " + REPORTING_MTA);
        assertThat(date(field(fields, "Arrival-Date"))).isEqualTo(ARRIVAL);
        assertThat(field(fields, "Original-Envelope-Id")).isNull();
    }

    @Test
    void theOriginalEnvelopeIdShouldBeReportedWhenTheSenderGaveOne() throws Exception {
        SpoolEntry entry = entry(recipient("bob@acme.com")).envelopeId(Optional.of("QQ314159")).build();

        InternetHeaders fields = deliveryStatus(delayed(entry)).getMessageDSN();

        assertThat(field(fields, "Original-Envelope-Id")).isEqualTo("QQ314159");
    }

    @Test
    void anEnvelopeIdCarryingLineBreaksShouldNotAddFieldsToTheReport() throws Exception {
        SpoolEntry entry = entry(recipient("bob@acme.com")).envelopeId(Optional.of("QQ1\r\nAction: delivered")).build();

        DeliveryStatus status = deliveryStatus(delayed(entry));

        assertThat(field(status.getMessageDSN(), "Original-Envelope-Id")).isEqualTo("QQ1+0D+0AAction: delivered");
        assertThat(field(status.getMessageDSN(), "Action")).isNull();
        assertThat(field(status.getRecipientDSN(0), "Action")).isEqualTo("delayed");
    }

    // --- per-recipient fields of a delayed notice

    @Test
    void aDelayedNoticeShouldReportTheDownstreamsTemporaryReply() throws Exception {
        SpoolEntry entry = entry(recipient("bob@acme.com").withFailure(reply("mx1.acme.com:25", 451, "4.2.1 Mailbox busy, try later")))
            .build();

        DeliveryStatus status = deliveryStatus(delayed(entry));

        assertThat(status.getRecipientDSNCount()).isEqualTo(1);
        InternetHeaders fields = status.getRecipientDSN(0);
        assertThat(field(fields, "Final-Recipient")).isEqualTo("rfc822; bob@acme.com");
        assertThat(field(fields, "Action")).isEqualTo("delayed");
        assertThat(field(fields, "Status")).isEqualTo("4.2.1");
        assertThat(field(fields, "Remote-MTA")).isEqualTo("dns; mx1.acme.com");
        assertThat(field(fields, "Diagnostic-Code")).isEqualTo("smtp; 451 4.2.1 Mailbox busy, try later");
        assertThat(date(field(fields, "Last-Attempt-Date"))).isEqualTo(LAST_ATTEMPT);
        assertThat(date(field(fields, "Will-Retry-Until"))).isEqualTo(EXPIRY);
    }

    @Test
    void aDelayedNoticeForAnUnreachableDownstreamShouldReportANetworkStatusWithoutDiagnostic() throws Exception {
        SpoolEntry entry = entry(recipient("bob@acme.com")).lastFailure(Optional.of(connectionFailure())).build();

        InternetHeaders fields = deliveryStatus(delayed(entry)).getRecipientDSN(0);

        assertThat(field(fields, "Action")).isEqualTo("delayed");
        assertThat(field(fields, "Status")).isEqualTo("4.4.1");
        assertThat(field(fields, "Diagnostic-Code")).isNull();
        assertThat(field(fields, "Remote-MTA")).isNull();
        assertThat(date(field(fields, "Last-Attempt-Date"))).isEqualTo(LAST_ATTEMPT);
        assertThat(date(field(fields, "Will-Retry-Until"))).isEqualTo(EXPIRY);
    }

    @Test
    void aDelayedNoticeWithoutAnyAttemptShouldHaveNoLastAttemptDate() throws Exception {
        InternetHeaders fields = deliveryStatus(delayed(entry(recipient("bob@acme.com")).build())).getRecipientDSN(0);

        assertThat(field(fields, "Status")).isEqualTo("4.4.1");
        assertThat(field(fields, "Last-Attempt-Date")).isNull();
        assertThat(field(fields, "Will-Retry-Until")).isNotNull();
    }

    @Test
    void aTemporaryReplyWithoutEnhancedStatusShouldBeReportedAsAGenericTemporaryFailure() throws Exception {
        SpoolEntry entry = entry(recipient("bob@acme.com").withFailure(reply("mx1.acme.com:25", 450, "Try again later"))).build();

        InternetHeaders fields = deliveryStatus(delayed(entry)).getRecipientDSN(0);

        assertThat(field(fields, "Status")).isEqualTo("4.0.0");
        assertThat(field(fields, "Diagnostic-Code")).isEqualTo("smtp; 450 Try again later");
    }

    @Test
    void theLatestFailureShouldBeReportedWhenTheRecipientAndTheRouteBothFailed() throws Exception {
        AttemptFailure older = AttemptFailure.ofReply(LAST_ATTEMPT.minus(Duration.ofHours(1)), "mx1.acme.com:25",
            new SmtpReply(451, List.of("4.2.1 Mailbox busy")));
        SpoolEntry entry = entry(recipient("bob@acme.com").withFailure(older)).lastFailure(Optional.of(connectionFailure())).build();

        InternetHeaders fields = deliveryStatus(delayed(entry)).getRecipientDSN(0);

        assertThat(field(fields, "Status")).isEqualTo("4.4.1");
        assertThat(date(field(fields, "Last-Attempt-Date"))).isEqualTo(LAST_ATTEMPT);
    }

    @Test
    void theOriginalRecipientShouldBeReportedWhenTheSenderGaveOne() throws Exception {
        SpoolRecipient withOrcpt = SpoolRecipient.pending(new EnvelopeRecipient(address("bob@acme.com"),
            Optional.of(Set.of(Notify.DELAY, Notify.FAILURE)), Optional.of("rfc822;robert@acme.com")));
        SpoolEntry entry = entry(withOrcpt, recipient("carol@acme.com")).build();

        DeliveryStatus status = deliveryStatus(delayed(entry));

        assertThat(field(status.getRecipientDSN(0), "Original-Recipient")).isEqualTo("rfc822;robert@acme.com");
        assertThat(field(status.getRecipientDSN(0), "Final-Recipient")).isEqualTo("rfc822; bob@acme.com");
        assertThat(field(status.getRecipientDSN(1), "Original-Recipient")).isNull();
    }

    @Test
    void recipientsReportedTogetherShouldShareOneReport() throws Exception {
        SpoolEntry entry = entry(
            recipient("bob@acme.com").withFailure(reply("mx1.acme.com:25", 451, "4.2.1 Mailbox busy")),
            recipient("carol@acme.com"))
            .lastFailure(Optional.of(AttemptFailure.ofConnection(LAST_ATTEMPT.minusSeconds(60), "timeout")))
            .build();

        DeliveryStatus status = deliveryStatus(delayed(entry));

        assertThat(status.getRecipientDSNCount()).isEqualTo(2);
        assertThat(field(status.getRecipientDSN(0), "Final-Recipient")).isEqualTo("rfc822; bob@acme.com");
        assertThat(field(status.getRecipientDSN(0), "Status")).isEqualTo("4.2.1");
        assertThat(field(status.getRecipientDSN(1), "Final-Recipient")).isEqualTo("rfc822; carol@acme.com");
        assertThat(field(status.getRecipientDSN(1), "Status")).isEqualTo("4.4.1");
        assertThat(field(status.getRecipientDSN(1), "Action")).isEqualTo("delayed");
    }

    @Test
    void onlyTheRecipientsGivenShouldBeReported() throws Exception {
        SpoolEntry entry = entry(recipient("bob@acme.com"), recipient("carol@acme.com")).build();

        DeliveryStatus status = deliveryStatus(build(NoticeKind.DELAYED, Optional.empty(), entry, entry.recipients().subList(1, 2)));

        assertThat(status.getRecipientDSNCount()).isEqualTo(1);
        assertThat(field(status.getRecipientDSN(0), "Final-Recipient")).isEqualTo("rfc822; carol@acme.com");
    }

    // --- per-recipient fields of a failed notice

    @Test
    void anExpiredMessageShouldBeReportedAsFailedWithDeliveryTimeExpired() throws Exception {
        SpoolEntry entry = entry(recipient("bob@acme.com")).lastFailure(Optional.of(connectionFailure())).build();

        InternetHeaders fields = deliveryStatus(failed(entry, FailureCause.EXPIRED)).getRecipientDSN(0);

        assertThat(field(fields, "Action")).isEqualTo("failed");
        assertThat(field(fields, "Status")).isEqualTo("5.4.7");
        assertThat(field(fields, "Diagnostic-Code")).isNull();
        assertThat(date(field(fields, "Last-Attempt-Date"))).isEqualTo(LAST_ATTEMPT);
        assertThat(field(fields, "Will-Retry-Until")).isNull();
    }

    @Test
    void anExpiredMessageShouldBeReportedWithDeliveryTimeExpiredEvenAfterATemporaryReply() throws Exception {
        SpoolEntry entry = entry(recipient("bob@acme.com").withFailure(reply("mx1.acme.com:25", 451, "4.2.1 Mailbox busy"))).build();

        InternetHeaders fields = deliveryStatus(failed(entry, FailureCause.EXPIRED)).getRecipientDSN(0);

        assertThat(field(fields, "Status")).isEqualTo("5.4.7");
        assertThat(field(fields, "Diagnostic-Code")).isEqualTo("smtp; 451 4.2.1 Mailbox busy");
    }

    @Test
    void aRefusedRecipientShouldBeReportedWithTheDownstreamsPermanentReply() throws Exception {
        SpoolEntry entry = entry(recipient("nobody@acme.com")
            .withFailure(reply("mx1.acme.com:25", 550, "5.1.1 <nobody@acme.com>: Recipient address rejected"))).build();

        InternetHeaders fields = deliveryStatus(failed(entry, FailureCause.PERMANENT_REPLY)).getRecipientDSN(0);

        assertThat(field(fields, "Final-Recipient")).isEqualTo("rfc822; nobody@acme.com");
        assertThat(field(fields, "Action")).isEqualTo("failed");
        assertThat(field(fields, "Status")).isEqualTo("5.1.1");
        assertThat(field(fields, "Remote-MTA")).isEqualTo("dns; mx1.acme.com");
        assertThat(field(fields, "Diagnostic-Code")).isEqualTo("smtp; 550 5.1.1 <nobody@acme.com>: Recipient address rejected");
        assertThat(date(field(fields, "Last-Attempt-Date"))).isEqualTo(LAST_ATTEMPT);
        assertThat(field(fields, "Will-Retry-Until")).isNull();
    }

    @Test
    void aPermanentReplyWithoutEnhancedStatusShouldBeReportedAsAGenericPermanentFailure() throws Exception {
        SpoolEntry entry = entry(recipient("bob@acme.com").withFailure(reply("mx1.acme.com:25", 554, "Transaction failed"))).build();

        InternetHeaders fields = deliveryStatus(failed(entry, FailureCause.PERMANENT_REPLY)).getRecipientDSN(0);

        assertThat(field(fields, "Status")).isEqualTo("5.0.0");
    }

    @Test
    void aMultiLineReplyShouldBeReportedOnOneLine() throws Exception {
        AttemptFailure multiLine = AttemptFailure.ofReply(LAST_ATTEMPT, "mx1.acme.com:25",
            new SmtpReply(550, List.of("5.7.1 Rejected by policy", "5.7.1 See https://acme.com/policy")));
        SpoolEntry entry = entry(recipient("bob@acme.com").withFailure(multiLine)).build();

        InternetHeaders fields = deliveryStatus(failed(entry, FailureCause.PERMANENT_REPLY)).getRecipientDSN(0);

        assertThat(field(fields, "Diagnostic-Code"))
            .isEqualTo("smtp; 550 5.7.1 Rejected by policy 5.7.1 See https://acme.com/policy");
    }

    // --- returned content

    @Test
    void theWholeOriginalShouldBeReturnedByDefault() throws Exception {
        MimeMessage returned = report(delayed(entry(recipient("bob@acme.com")).build())).getReturnedMessage();

        assertThat(returned.getSubject()).isEqualTo("Quarterly report");
        assertThat(returned.getMessageID()).isEqualTo("<original-1@sender.example>");
        assertThat(((String) returned.getContent()).trim()).isEqualTo(ORIGINAL_BODY);
    }

    @Test
    void theWholeOriginalShouldBeReturnedForRetFull() throws Exception {
        SpoolEntry entry = entry(recipient("bob@acme.com")).ret(Optional.of(Ret.FULL)).build();

        MultipartReport report = report(failed(entry, FailureCause.EXPIRED));

        assertThat(new ContentType(report.getBodyPart(2).getContentType()).getBaseType()).isEqualTo("message/rfc822");
        assertThat(text(report.getBodyPart(2))).contains("Subject: Quarterly report", ORIGINAL_BODY);
    }

    @Test
    void onlyTheHeadersOfTheOriginalShouldBeReturnedForRetHdrs() throws Exception {
        SpoolEntry entry = entry(recipient("bob@acme.com")).ret(Optional.of(Ret.HDRS)).build();

        MultipartReport report = report(failed(entry, FailureCause.EXPIRED));

        BodyPart headersPart = report.getBodyPart(2);
        assertThat(new ContentType(headersPart.getContentType()).getBaseType()).isEqualTo("text/rfc822-headers");
        String headers = text(headersPart);
        assertThat(headers).contains("Subject: Quarterly report", "Message-ID: <original-1@sender.example>")
            .doesNotContain(ORIGINAL_BODY);
        MimeMessage returnedHeaders = report.getReturnedMessage();
        assertThat(returnedHeaders.getSubject()).isEqualTo("Quarterly report");
        assertThat(report.getText()).contains("the headers of your message");
    }
}
