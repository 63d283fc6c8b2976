package io.emergencyinbox.mailets;

import javax.inject.Inject;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.MailetContext;

import io.emergencyinbox.core.config.ContinuityPolicy;
import io.emergencyinbox.core.notice.NoticeTransport;
import reactor.core.publisher.Mono;

/**
 * Sends notices into James's own pipeline (root processor) from the null sender, so they leave
 * like any mail: RemoteDelivery for senders on the internet, the continuity path for senders in
 * managed domains. Usable once the server has started.
 */
public class MailetNoticeTransport implements NoticeTransport {
    private final MailetContext mailetContext;
    private final ContinuityPolicy policy;

    @Inject
    public MailetNoticeTransport(MailetContext mailetContext, ContinuityPolicy policy) {
        this.mailetContext = mailetContext;
        this.policy = policy;
    }

    @Override
    public Mono<Void> send(MailAddress recipient, MimeMessage notice) {
        return Mono.<Void>fromCallable(() -> {
            MailImpl mail = MailImpl.builder()
                .name(MailImpl.getId())
                .sender(MaybeSender.nullSender())
                .addRecipient(recipient)
                .mimeMessage(notice)
                .build();
            try {
                mailetContext.sendMail(mail);
            } finally {
                LifecycleUtil.dispose(mail);
            }
            return null;
        });
    }

    @Override
    public MailAddress postmaster() {
        return policy.noticeFrom().orElseGet(mailetContext::getPostmaster);
    }
}
