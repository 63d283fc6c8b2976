package io.emergencyinbox.mailets;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.james.core.MailAddress;
import org.apache.mailet.DsnParameters;
import org.apache.mailet.Mail;

import com.google.common.collect.ImmutableList;

import io.emergencyinbox.core.message.Envelope;
import io.emergencyinbox.core.message.EnvelopeRecipient;
import io.emergencyinbox.core.message.Notify;
import io.emergencyinbox.core.message.Ret;
import io.emergencyinbox.core.message.XText;

/** Reads the SMTP envelope of a James {@link Mail}, with the RFC 3461 parameters James's DSN hooks kept. */
final class EnvelopeOfMail {

    static Envelope of(Mail mail, Collection<MailAddress> recipients) {
        Optional<DsnParameters> dsn = mail.dsnParameters();
        Optional<Ret> ret = dsn.flatMap(DsnParameters::getRetParameter).map(value -> Ret.valueOf(value.name()));
        Optional<String> envelopeId = dsn.flatMap(DsnParameters::getEnvIdParameter).map(id -> XText.decode(id.asString()));
        return new Envelope(mail.getMaybeSender(),
            recipients.stream().map(recipient -> recipientOf(recipient, dsn)).collect(ImmutableList.toImmutableList()),
            ret, envelopeId);
    }

    private static EnvelopeRecipient recipientOf(MailAddress address, Optional<DsnParameters> dsn) {
        Optional<DsnParameters.RecipientDsnParameters> parameters = dsn.map(DsnParameters::getRcptParameters)
            .flatMap(all -> Optional.ofNullable(all.get(address)));
        Optional<Set<Notify>> notify = parameters.flatMap(DsnParameters.RecipientDsnParameters::getNotifyParameter)
            .map(values -> values.stream().map(value -> Notify.valueOf(value.name()))
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Notify.class))));
        Optional<String> originalRecipient = parameters.flatMap(DsnParameters.RecipientDsnParameters::getOrcptParameter)
            .map(orcpt -> "rfc822;" + orcpt.asString());
        return new EnvelopeRecipient(address, notify, originalRecipient);
    }

    private EnvelopeOfMail() {
    }
}
