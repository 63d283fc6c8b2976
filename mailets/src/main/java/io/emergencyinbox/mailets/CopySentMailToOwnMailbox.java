package io.emergencyinbox.mailets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.emergencyinbox.core.config.ContinuityPolicy;
import io.emergencyinbox.core.engine.SpoolWriter;
import io.emergencyinbox.core.health.DownstreamState;
import io.emergencyinbox.core.health.HealthTracker;
import io.emergencyinbox.core.message.ContentSource;
import io.emergencyinbox.core.message.Envelope;
import io.emergencyinbox.core.message.EnvelopeRecipient;
import io.emergencyinbox.core.organisation.Organisation;
import io.emergencyinbox.core.organisation.OrganisationStore;
import io.emergencyinbox.core.spool.SpoolEntry;
import io.emergencyinbox.message.MessageBytes;

/**
 * For mail a user sends from their Emergency Inbox while their organisation's server is down: spools
 * one more copy, addressed to the sender, from {@code <>}, marked {@code X-Emergency-Inbox-Copy:
 * sent-during-outage}, that the drain delivers to the user's own mailbox when the server is back, so
 * their sent history there is complete. The mail itself goes on unchanged. Runs when
 * {@code sent.copyToOwnMailbox} is on (the default).
 *
 * <pre>{@code <mailet match="org.apache.james.jmap.mailet.SentByJmap" class="io.emergencyinbox.mailets.CopySentMailToOwnMailbox"/>}</pre>
 */
public class CopySentMailToOwnMailbox extends GenericMailet {
    public static final String HEADER = "X-Emergency-Inbox-Copy";
    public static final String HEADER_VALUE = "sent-during-outage";
    private static final Logger LOGGER = LoggerFactory.getLogger(CopySentMailToOwnMailbox.class);

    private final OrganisationStore organisations;
    private final HealthTracker health;
    private final SpoolWriter spoolWriter;
    private final ContinuityPolicy policy;
    private final Clock clock;

    @Inject
    public CopySentMailToOwnMailbox(OrganisationStore organisations, HealthTracker health, SpoolWriter spoolWriter, ContinuityPolicy policy,
                                    Clock clock) {
        this.organisations = organisations;
        this.health = health;
        this.spoolWriter = spoolWriter;
        this.policy = policy;
        this.clock = clock;
    }

    @Override
    public void init() throws MessagingException {
        checkInitParameters(Set.of());
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        if (!policy.copySentMailToOwnMailbox() || !mail.hasSender()) {
            return;
        }
        MailAddress sender = mail.getMaybeSender().get();
        Optional<Organisation> organisation = organisations.findByDomain(sender.getDomain()).blockOptional();
        if (organisation.isEmpty()) {
            return;
        }
        DownstreamState state = health.current(organisation.get().id()).block();
        if (state.isUp()) {
            return;
        }
        ContentSource copy = markedCopyOf(mail);
        Envelope envelope = new Envelope(MaybeSender.nullSender(), List.of(EnvelopeRecipient.of(sender)), Optional.empty(), Optional.empty());
        SpoolEntry entry = spoolWriter.newEntry(organisation.get().id(), envelope, clock.instant(), copy.size(), Optional.empty())
            .map(builder -> builder.outage(state.outage()).build())
            .block();
        spoolWriter.spoolWithoutInboxCopies(entry, copy).block();
        LOGGER.info("Kept a copy of mail {} sent by {} during the outage, for their own mailbox", mail.getName(), sender.asString());
    }

    private static ContentSource markedCopyOf(Mail mail) throws MessagingException {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            bytes.write((HEADER + ": " + HEADER_VALUE + "\r\n").getBytes(StandardCharsets.US_ASCII));
            MessageBytes.write(mail.getMessage(), bytes);
            return ContentSource.of(bytes.toByteArray());
        } catch (IOException e) {
            throw new MessagingException("Cannot copy mail " + mail.getName(), e);
        }
    }
}
