package io.emergencyinbox.mailets.inbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
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
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.exception.MailboxExistsException;
import org.apache.james.mailbox.exception.MailboxNotFoundException;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.FetchGroup;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.UidValidity;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.UsersRepositoryException;

import io.emergencyinbox.core.config.ContinuityPolicy;
import io.emergencyinbox.core.inbox.EmergencyInbox;
import io.emergencyinbox.core.inbox.EmergencyKeywords;
import io.emergencyinbox.core.message.ContentSource;
import io.emergencyinbox.core.spool.SpoolEntryId;
import reactor.core.publisher.Mono;

/**
 * The Emergency Inbox as a mailbox (named by {@code inbox.mailbox}) in each user's James account,
 * so that standard JMAP and IMAP clients see it. Copies carry an {@code X-Emergency-Inbox-Spool-Id}
 * header naming their spool entry. A copy id is {@code <mailboxId>:<uidValidity>:<uid>}: later updates
 * address the message by its UID in its mailbox, which costs the same whatever the size of the mail store.
 * The UID validity (random per mailbox, as in IMAP) tells a copy made in a mailbox that no longer exists:
 * James's in-memory mailbox ids start again from 1 after a restart, so an old id may name another mailbox,
 * whose copies must not be touched in its place.
 */
public class MailboxEmergencyInbox implements EmergencyInbox {
    public static final String SPOOL_ID_HEADER = "X-Emergency-Inbox-Spool-Id";

    private final MailboxManager mailboxManager;
    private final MailboxId.Factory mailboxIds;
    private final UsersRepository users;
    private final ContinuityPolicy policy;
    private final Clock clock;
    private final Map<Username, MailboxId> mailboxes = new ConcurrentHashMap<>();

    @Inject
    public MailboxEmergencyInbox(MailboxManager mailboxManager, MailboxId.Factory mailboxIds, UsersRepository users,
                                 ContinuityPolicy policy, Clock clock) {
        this.mailboxManager = mailboxManager;
        this.mailboxIds = mailboxIds;
        this.users = users;
        this.policy = policy;
        this.clock = clock;
    }

    /**
     * Runs on the caller's thread up to the append, which is reactive: never on a shared Reactor
     * pool, which James's own append needs (blocking there starved it, deadlocking under load).
     */
    @Override
    public Mono<Optional<String>> addCopy(MailAddress recipient, SpoolEntryId entry, ContentSource content) {
        return Mono.defer(() -> {
            Username username;
            try {
                username = users.getUsername(recipient);
                if (!users.contains(username)) {
                    return Mono.just(Optional.<String>empty());
                }
            } catch (UsersRepositoryException e) {
                return Mono.error(e);
            }
            return copy(username, entry, content, clock.instant()).map(Optional::of);
        });
    }

    /** The mailbox is the user's own even when the users repository does not list them (yet) after a restart. */
    @Override
    public Mono<String> restoreCopy(MailAddress recipient, SpoolEntryId entry, ContentSource content, Instant receivedAt) {
        return Mono.defer(() -> {
            try {
                return copy(users.getUsername(recipient), entry, content, receivedAt);
            } catch (UsersRepositoryException e) {
                return Mono.error(e);
            }
        });
    }

    private Mono<String> copy(Username username, SpoolEntryId entry, ContentSource content, Instant receivedAt) {
        MailboxSession session = mailboxManager.createSystemSession(username);
        return Mono.fromCallable(() -> withSpoolIdHeader(entry, content))
            .flatMap(copy -> append(username, copy, receivedAt, session))
            .doFinally(signal -> mailboxManager.endProcessingRequest(session));
    }

    private Mono<String> append(Username username, byte[] copy, Instant receivedAt, MailboxSession session) {
        return Mono.fromCallable(() -> emergencyMailbox(username, session))
            .flatMap(mailboxId -> appendTo(mailboxId, copy, receivedAt, session)
                .onErrorResume(MailboxNotFoundException.class, e -> {
                    mailboxes.remove(username); // the user deleted it: create it again
                    return Mono.fromCallable(() -> emergencyMailbox(username, session))
                        .flatMap(recreated -> appendTo(recreated, copy, receivedAt, session));
                }));
    }

    private Mono<String> appendTo(MailboxId mailboxId, byte[] copy, Instant receivedAt, MailboxSession session) {
        MessageManager.AppendCommand command = MessageManager.AppendCommand.builder()
            .recent()
            .withInternalDate(Date.from(receivedAt))
            .build(copy);
        return Mono.from(mailboxManager.getMailboxReactive(mailboxId, session))
            .flatMap(mailbox -> Mono.from(mailbox.appendMessageReactive(command, session))
                .map(result -> new CopyId(mailboxId, CopyId.uidValidityOf(mailbox), result.getId().getUid()).asString()));
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
        return onCopy(recipient, copyId, (mailbox, copy, session) -> Mono.from(mailbox.setFlagsReactive(new Flags(keyword),
            MessageManager.FlagsUpdateMode.ADD, MessageRange.one(copy.uid), session)).then());
    }

    @Override
    public Mono<Void> remove(MailAddress recipient, String copyId) {
        return onCopy(recipient, copyId, (mailbox, copy, session) -> mailbox.deleteReactive(List.of(copy.uid), session));
    }

    @Override
    public Mono<Boolean> exists(MailAddress recipient, String copyId) {
        return Mono.fromCallable(() -> {
            CopyId copy = CopyId.parse(copyId, mailboxIds);
            MailboxSession session = mailboxManager.createSystemSession(users.getUsername(recipient));
            try {
                MessageManager mailbox = mailboxManager.getMailbox(copy.mailboxId, session);
                return copy.isIn(mailbox) && mailbox.getMessages(MessageRange.one(copy.uid), FetchGroup.MINIMAL, session).hasNext();
            } catch (MailboxNotFoundException e) {
                return false;
            }
        });
    }

    @Override
    public Mono<Boolean> wasLost(MailAddress recipient, String copyId) {
        return Mono.fromCallable(() -> {
            CopyId copy = CopyId.parse(copyId, mailboxIds);
            MailboxSession session = mailboxManager.createSystemSession(users.getUsername(recipient));
            try {
                return !copy.isIn(mailboxManager.getMailbox(copy.mailboxId, session));
            } catch (MailboxNotFoundException e) {
                return true;
            } finally {
                mailboxManager.endProcessingRequest(session);
            }
        });
    }

    private interface CopyAction {
        Mono<Void> apply(MessageManager mailbox, CopyId copy, MailboxSession session);
    }

    /**
     * Runs the action on the copy's mailbox; a deleted mailbox, or another mailbox now holding the id, means a
     * deleted copy: nothing to do.
     */
    private Mono<Void> onCopy(MailAddress recipient, String copyId, CopyAction action) {
        return Mono.fromCallable(() -> CopyId.parse(copyId, mailboxIds))
            .flatMap(copy -> Mono.fromCallable(() -> mailboxManager.createSystemSession(users.getUsername(recipient)))
                .flatMap(session -> Mono.from(mailboxManager.getMailboxReactive(copy.mailboxId, session))
                    .filter(copy::isIn)
                    .flatMap(mailbox -> action.apply(mailbox, copy, session))
                    .onErrorResume(MailboxNotFoundException.class, e -> Mono.empty())))
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
        private final UidValidity uidValidity;
        private final MessageUid uid;

        CopyId(MailboxId mailboxId, UidValidity uidValidity, MessageUid uid) {
            this.mailboxId = mailboxId;
            this.uidValidity = uidValidity;
            this.uid = uid;
        }

        String asString() {
            return mailboxId.serialize() + ":" + uidValidity.asLong() + ":" + uid.asLong();
        }

        /** Whether the mailbox is the one the copy was made in, not another that got its id. */
        boolean isIn(MessageManager mailbox) {
            return uidValidityOf(mailbox).equals(uidValidity);
        }

        static UidValidity uidValidityOf(MessageManager mailbox) {
            try {
                return mailbox.getMailboxEntity().getUidValidity();
            } catch (MailboxException e) {
                throw new IllegalStateException("Cannot read the UID validity of mailbox " + mailbox.getId().serialize(), e);
            }
        }

        static CopyId parse(String copyId, MailboxId.Factory mailboxIds) {
            int uidSeparator = copyId.lastIndexOf(':');
            int validitySeparator = uidSeparator <= 0 ? -1 : copyId.lastIndexOf(':', uidSeparator - 1);
            try {
                return new CopyId(mailboxIds.fromString(copyId.substring(0, validitySeparator)),
                    UidValidity.of(Long.parseLong(copyId.substring(validitySeparator + 1, uidSeparator))),
                    MessageUid.of(Long.parseLong(copyId.substring(uidSeparator + 1))));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("Malformed Emergency Inbox copy id '" + copyId + "'", e);
            }
        }
    }
}
