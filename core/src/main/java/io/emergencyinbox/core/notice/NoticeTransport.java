package io.emergencyinbox.core.notice;

import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;

import reactor.core.publisher.Mono;

/** Hands a notice to the outbound mail path, from the null sender {@code <>}. */
public interface NoticeTransport {

    Mono<Void> send(MailAddress recipient, MimeMessage notice);

    /** The address notices are written from (the gateway's postmaster). */
    MailAddress postmaster();
}
