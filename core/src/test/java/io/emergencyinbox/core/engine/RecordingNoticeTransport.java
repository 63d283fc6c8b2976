package io.emergencyinbox.core.engine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.mail.Session;
import javax.mail.internet.AddressException;
import javax.mail.internet.InternetHeaders;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;

import com.sun.mail.dsn.DeliveryStatus;
import com.sun.mail.dsn.MultipartReport;

import io.emergencyinbox.core.notice.NoticeTransport;
import reactor.core.publisher.Mono;

/** Keeps the notices the engine sends, read back as the sender's mail client would read them. */
final class RecordingNoticeTransport implements NoticeTransport {
    private static final Session SESSION = Session.getInstance(new Properties());

    /** One notice as its recipient gets it. */
    static final class SentNotice {
        private final MailAddress to;
        private final MimeMessage message;
        private final List<InternetHeaders> recipientFields;

        private SentNotice(MailAddress to, MimeMessage message) throws Exception {
            this.to = to;
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            message.writeTo(bytes);
            this.message = new MimeMessage(SESSION, new ByteArrayInputStream(bytes.toByteArray()));
            DeliveryStatus status = (DeliveryStatus) ((MultipartReport) this.message.getContent()).getReport();
            List<InternetHeaders> fields = new ArrayList<>();
            for (int i = 0; i < status.getRecipientDSNCount(); i++) {
                fields.add(status.getRecipientDSN(i));
            }
            this.recipientFields = List.copyOf(fields);
        }

        MailAddress to() {
            return to;
        }

        MimeMessage message() {
            return message;
        }

        /** The {@code Final-Recipient} addresses reported, without the {@code rfc822;} type. */
        List<String> reportedRecipients() {
            List<String> recipients = new ArrayList<>();
            for (InternetHeaders fields : recipientFields) {
                String value = fields.getHeader("Final-Recipient", null);
                recipients.add(value.substring(value.indexOf(';') + 1).trim());
            }
            return recipients;
        }

        /** A per-recipient field ({@code Action}, {@code Status}, {@code Diagnostic-Code}...) for that recipient. */
        Optional<String> field(String recipient, String name) {
            List<String> recipients = reportedRecipients();
            int index = recipients.indexOf(recipient);
            if (index < 0) {
                return Optional.empty();
            }
            return Optional.ofNullable(recipientFields.get(index).getHeader(name, null));
        }

        @Override
        public String toString() {
            return "notice to " + to.asString() + " for " + reportedRecipients();
        }
    }

    private final List<SentNotice> sent = new CopyOnWriteArrayList<>();
    private final MailAddress postmaster;

    RecordingNoticeTransport() {
        try {
            this.postmaster = new MailAddress("postmaster@gateway.test");
        } catch (AddressException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Mono<Void> send(MailAddress recipient, MimeMessage notice) {
        return Mono.fromCallable(() -> sent.add(new SentNotice(recipient, notice))).then();
    }

    @Override
    public MailAddress postmaster() {
        return postmaster;
    }

    List<SentNotice> sent() {
        return List.copyOf(sent);
    }
}
