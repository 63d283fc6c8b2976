package io.emergencyinbox.mailets;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.AttributeName;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.emergencyinbox.core.engine.InboundRouter;
import io.emergencyinbox.core.engine.RoutingReport;
import io.emergencyinbox.core.message.ContentSource;
import io.emergencyinbox.core.organisation.Organisation;
import io.emergencyinbox.core.organisation.OrganisationStore;
import io.emergencyinbox.message.MessageBytes;

/**
 * Takes over the recipients of a mail that belong to managed domains: relays them to their
 * organisation's downstream, or spools them (with an Emergency Inbox copy) when it cannot. Handled
 * recipients are removed from the mail as each organisation's share is committed; the mail is ended
 * ({@code GHOST}) only when none is left. Recipients of other domains go on down the pipeline.
 *
 * <p>No configuration parameters.
 */
public class ContinuityDelivery extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(ContinuityDelivery.class);

    private static final AttributeName ARRIVAL_DATE = AttributeName.of("dsn-arrival-date");

    private final OrganisationStore organisations;
    private final InboundRouter router;

    @Inject
    public ContinuityDelivery(OrganisationStore organisations, InboundRouter router) {
        this.organisations = organisations;
        this.router = router;
    }

    @Override
    public void init() throws MessagingException {
        checkInitParameters(Set.of());
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        Map<Organisation, List<MailAddress>> byOrganisation = groupByOrganisation(mail);
        if (byOrganisation.isEmpty()) {
            return;
        }
        ContentSource content = contentOf(mail);
        Optional<String> subject = subjectOf(mail);
        Duration queueDelay = queueDelayOf(mail);
        for (Map.Entry<Organisation, List<MailAddress>> share : byOrganisation.entrySet()) {
            RoutingReport report = router.route(share.getKey(), mail.getName(), EnvelopeOfMail.of(mail, share.getValue()),
                content, queueDelay, subject);
            LOGGER.debug("Mail {} for {}: relayed {}, spooled {}, bounced {}", mail.getName(), share.getKey().id(),
                report.relayed(), report.spooledRecipients(), report.bounced());
            List<MailAddress> remaining = new ArrayList<>(mail.getRecipients());
            remaining.removeAll(share.getValue());
            mail.setRecipients(remaining);
        }
        if (mail.getRecipients().isEmpty()) {
            mail.setState(Mail.GHOST);
        }
    }

    private Map<Organisation, List<MailAddress>> groupByOrganisation(Mail mail) {
        Map<Organisation, List<MailAddress>> groups = new LinkedHashMap<>();
        for (MailAddress recipient : mail.getRecipients()) {
            organisations.findByDomain(recipient.getDomain()).blockOptional()
                .ifPresent(organisation -> groups.computeIfAbsent(organisation, key -> new ArrayList<>()).add(recipient));
        }
        return groups;
    }

    private static ContentSource contentOf(Mail mail) throws MessagingException {
        try {
            return ContentSource.of(MessageBytes.of(mail.getMessage(), mail.getMessageSize()));
        } catch (IOException e) {
            throw new MessagingException("Cannot read the content of mail " + mail.getName(), e);
        }
    }

    /** How long ago (wall time) James accepted the mail: its DSN arrival date, or its creation time. */
    private static Duration queueDelayOf(Mail mail) {
        Optional<Instant> accepted = mail.getAttribute(ARRIVAL_DATE)
            .flatMap(attribute -> attribute.getValue().valueAs(ZonedDateTime.class))
            .map(ZonedDateTime::toInstant)
            .or(() -> Optional.ofNullable(mail.getLastUpdated()).map(Date::toInstant));
        return accepted.map(instant -> Duration.between(instant, Instant.now()))
            .filter(delay -> !delay.isNegative())
            .orElse(Duration.ZERO);
    }

    private static Optional<String> subjectOf(Mail mail) {
        try {
            return Optional.ofNullable(mail.getMessage().getSubject());
        } catch (MessagingException e) {
            return Optional.empty();
        }
    }

    @Override
    public String getMailetInfo() {
        return "Emergency Inbox continuity delivery";
    }
}
