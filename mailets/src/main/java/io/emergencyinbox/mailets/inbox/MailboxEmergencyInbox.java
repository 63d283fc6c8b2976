package io.emergencyinbox.mailets.inbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import javax.inject.Inject;
import javax.mail.Flags;

import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageIdManager;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.exception.MailboxExistsException;
import org.apache.james.mailbox.exception.MailboxNotFoundException;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.user.api.UsersRepository;

import io.emergencyinbox.core.config.ContinuityPolicy;
import io.emergencyinbox.core.inbox.EmergencyInbox;
import io.emergencyinbox.core.inbox.EmergencyKeywords;
import io.emergencyinbox.core.message.ContentSource;
import io.emergencyinbox.core.spool.SpoolEntryId;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The Emergency Inbox as a mailbox (named by {@code inbox.mailbox}) in each user's James account,
 * so that standard JMAP and IMAP clients see it. Copies carry an {@code X-Emergency-Inbox-Spool-Id}
 * header naming their spool entry. A copy id is {@code <mailboxId>:<messageId>}.
 */
public class MailboxEmergencyInbox implements EmergencyInbox {
    public static final String SPOOL_ID_HEADER = "X-Emergency-Inbox-Spool-Id";

    private final MailboxManager mailboxManager;
    private final MessageIdManager messageIdManager;
    private final MailboxId.Factory mailboxIds;
    private final MessageId.Factory messageIds;
    private final UsersRepository users;
    private final ContinuityPolicy policy;
    private final Clock clock;
    private final Map<Username, MailboxId> mailboxes = new ConcurrentHashMap<>();

    @Inject
    public MailboxEmergencyInbox(MailboxManager mailboxManager, MessageIdManager messageIdManager, MailboxId.Factory mailboxIds,
                                 MessageId.Factory messageIds, UsersRepository users, ContinuityPolicy policy, Clock clock) {
        this.mailboxManager = mailboxManager;
        this.messageIdManager = messageIdManager;
        this.mailboxIds = mailboxIds;
        this.messageIds = messageIds;
        this.users = users;
        this.policy = policy;
        this.clock = clock;
    }

    @Override
    public Mono<Optional<String>> addCopy(MailAddress recipient, SpoolEntryId entry, ContentSource content) {
        return Mono.fromCallable(() -> {
            Username username = users.getUsername(recipient);
            if (!users.contains(username)) {
                return Optional.<String>empty();
            }
            byte[] copy = withSpoolIdHeader(entry, content);
            MailboxSession session = mailboxManager.createSystemSession(username);
            try {
                return Optional.of(append(username, copy, session));
            } finally {
                mailboxManager.endProcessingRequest(session);
            }
        }).subscribeOn(Schedulers.boundedElastic());
    }

    private String append(Username username, byte[] copy, MailboxSession session) throws Exception {
        MessageManager.AppendCommand command = MessageManager.AppendCommand.builder()
            .recent()
            .withInternalDate(Date.from(clock.instant()))
            .build(copy);
        MailboxId mailboxId = emergencyMailbox(username, session);
        MessageManager.AppendResult result;
        try {
            result = mailboxManager.getMailbox(mailboxId, session).appendMessage(command, session);
        } catch (MailboxNotFoundException e) {
            mailboxes.remove(username); // the user deleted it: create it again
            mailboxId = emergencyMailbox(username, session);
            result = mailboxManager.getMailbox(mailboxId, session).appendMessage(command, session);
        }
        return mailboxId.serialize() + ":" + result.getId().getMessageId().serialize();
    }

    private MailboxId emergencyMailbox(Username username, MailboxSession session) throws Exception {
        MailboxId known = mailboxes.get(username);
        if (known != null) {
            return known;
        }
        MailboxPath path = MailboxPath.forUser(username, policy.inboxMailbox());
        try {
            mailboxManager.createMailbox(path, MailboxManager.CreateOption.CREATE_SUBSCRIPTION, session);
        } catch (MailboxExistsException e) {
            // created meanwhile, by the user or a concurrent copy
        }
        MailboxId id = mailboxManager.getMailbox(path, session).getId();
        mailboxes.put(username, id);
        return id;
    }

    @Override
    public Mono<Void> markDelivered(MailAddress recipient, String copyId) {
        return addKeyword(recipient, copyId, EmergencyKeywords.DELIVERED);
    }

    @Override
    public Mono<Void> markReturned(MailAddress recipient, String copyId) {
        return addKeyword(recipient, copyId, EmergencyKeywords.RETURNED);
    }

    private Mono<Void> addKeyword(MailAddress recipient, String copyId, String keyword) {
        return withSession(recipient, copyId, (session, copy) -> Mono.from(messageIdManager.setFlagsReactive(new Flags(keyword),
            MessageManager.FlagsUpdateMode.ADD, copy.messageId, List.of(copy.mailboxId), session)));
    }

    @Override
    public Mono<Void> remove(MailAddress recipient, String copyId) {
        return withSession(recipient, copyId, (session, copy) -> Mono.from(messageIdManager.delete(List.of(copy.messageId), session))
            .then());
    }

    @Override
    public Mono<Boolean> exists(MailAddress recipient, String copyId) {
        return Mono.fromCallable(() -> CopyId.parse(copyId, mailboxIds, messageIds))
            .flatMap(copy -> Mono.fromCallable(() -> mailboxManager.createSystemSession(users.getUsername(recipient)))
                .flatMap(session -> Flux.from(messageIdManager.messagesMetadata(List.of(copy.messageId), session))
                    .any(metadata -> metadata.getComposedMessageId().getMailboxId().equals(copy.mailboxId))));
    }

    private interface CopyAction {
        Mono<Void> apply(MailboxSession session, CopyId copy);
    }

    private Mono<Void> withSession(MailAddress recipient, String copyId, CopyAction action) {
        return Mono.fromCallable(() -> CopyId.parse(copyId, mailboxIds, messageIds))
            .flatMap(copy -> Mono.fromCallable(() -> mailboxManager.createSystemSession(users.getUsername(recipient)))
                .flatMap(session -> action.apply(session, copy)))
            .then();
    }

    private static byte[] withSpoolIdHeader(SpoolEntryId entry, ContentSource content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 8, content.size() + 80));
        bytes.write((SPOOL_ID_HEADER + ": " + entry.asString() + "\r\n").getBytes(StandardCharsets.US_ASCII));
        try (InputStream in = content.open()) {
            in.transferTo(bytes);
        }
        return bytes.toByteArray();
    }

    static final class CopyId {
        private final MailboxId mailboxId;
        private final MessageId messageId;

        private CopyId(MailboxId mailboxId, MessageId messageId) {
            this.mailboxId = mailboxId;
            this.messageId = messageId;
        }

        static CopyId parse(String copyId, MailboxId.Factory mailboxIds, MessageId.Factory messageIds) {
            int separator = copyId.indexOf(':');
            if (separator <= 0) {
                throw new IllegalArgumentException("Malformed Emergency Inbox copy id '" + copyId + "'");
            }
            return new CopyId(mailboxIds.fromString(copyId.substring(0, separator)), messageIds.fromString(copyId.substring(separator + 1)));
        }
    }
}
