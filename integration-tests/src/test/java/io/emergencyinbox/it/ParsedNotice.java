package io.emergencyinbox.it;

import java.io.ByteArrayInputStream;
import java.util.Properties;

import javax.mail.BodyPart;
import javax.mail.Session;
import javax.mail.internet.InternetHeaders;
import javax.mail.internet.MimeMessage;

import com.sun.mail.dsn.DeliveryStatus;
import com.sun.mail.dsn.MultipartReport;

import io.emergencyinbox.testing.ReceivedMail;

/** A delivery status notification received by a test's SMTP server, read with JavaMail's RFC 3464 parser. */
public final class ParsedNotice {
    private static final Session SESSION = Session.getInstance(new Properties());

    public static ParsedNotice of(ReceivedMail mail) {
        try {
            MimeMessage message = new MimeMessage(SESSION, new ByteArrayInputStream(mail.content()));
            return new ParsedNotice(mail, message, (MultipartReport) message.getContent());
        } catch (Exception e) {
            throw new AssertionError("Not a parsable delivery status notification: " + mail.contentAsString(), e);
        }
    }

    private final ReceivedMail mail;
    private final MimeMessage message;
    private final MultipartReport report;

    private ParsedNotice(ReceivedMail mail, MimeMessage message, MultipartReport report) {
        this.mail = mail;
        this.message = message;
        this.report = report;
    }

    public ReceivedMail mail() {
        return mail;
    }

    public MimeMessage message() {
        return message;
    }

    public DeliveryStatus status() {
        try {
            return (DeliveryStatus) report.getReport();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    public InternetHeaders perMessage() {
        return status().getMessageDSN();
    }

    public InternetHeaders recipient(int index) {
        return status().getRecipientDSN(index);
    }

    public String recipientField(int index, String name) {
        return recipient(index).getHeader(name, null);
    }

    /** Action of the first (usually only) recipient: {@code delayed} or {@code failed}. */
    public String action() {
        return recipientField(0, "Action");
    }

    /** The MIME type of the third part: the original message or its headers. */
    public String returnedContentType() {
        try {
            BodyPart part = report.getBodyPart(2);
            return part.getContentType();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    public String returnedContent() {
        try {
            return new String(report.getBodyPart(2).getInputStream().readAllBytes());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
