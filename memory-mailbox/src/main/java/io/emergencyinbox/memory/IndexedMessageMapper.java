package io.emergencyinbox.memory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import javax.mail.Flags;

import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.ModSeq;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.inmemory.mail.InMemoryMessageMapper;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MessageMetaData;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.store.mail.ModSeqProvider;
import org.apache.james.mailbox.store.mail.UidProvider;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;
import org.apache.james.mailbox.store.mail.model.impl.SimpleMailboxMessage;
import org.apache.james.mailbox.store.mail.utils.ApplicableFlagCalculator;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;

/**
 * The memory server's message storage with the messages of each mailbox sorted by UID and every
 * message also reachable by its message id ({@link MessageIdIndex}). James's own memory mapper copies
 * and sorts a whole mailbox for any read, even of one UID, and the lookup by message id that it backs
 * walks every message of the server: both costs grew with each message an Emergency Inbox received.
 * Here a read costs the messages it returns and a lookup by id costs the ids asked for.
 *
 * <p>Extends James's class only because the memory mapper factory must return that type: none of its
 * state is used.
 */
public class IndexedMessageMapper extends InMemoryMessageMapper {
    private final Map<MailboxId, MailboxContent> mailboxes = new ConcurrentHashMap<>();
    private final MessageIdIndex index = new MessageIdIndex();

    public IndexedMessageMapper(UidProvider uidProvider, ModSeqProvider modSeqProvider, Clock clock) {
        super(null, uidProvider, modSeqProvider, clock);
    }

    /** Where each message id is stored, for {@link IndexedMessageIdMapper}. */
    MessageIdIndex index() {
        return index;
    }

    /** The message with this UID in this mailbox, or empty. */
    Optional<MailboxMessage> find(MailboxId mailboxId, MessageUid uid) {
        return Optional.ofNullable(mailboxes.get(mailboxId)).map(content -> content.messages.get(uid));
    }

    @Override
    public long countMessagesInMailbox(Mailbox mailbox) {
        return contentOf(mailbox.getMailboxId()).count.get();
    }

    @Override
    public long countUnseenMessagesInMailbox(Mailbox mailbox) {
        return contentOf(mailbox.getMailboxId()).messages.values().stream()
            .filter(message -> !message.isSeen())
            .count();
    }

    @Override
    public void delete(Mailbox mailbox, MailboxMessage message) {
        remove(mailbox.getMailboxId(), message.getUid());
    }

    @Override
    public MessageMetaData move(Mailbox mailbox, MailboxMessage original) throws MailboxException {
        MailboxId from = original.getMailboxId();
        MessageUid uid = original.getUid();
        MessageMetaData moved = copy(mailbox, original);
        remove(from, uid);
        return moved;
    }

    @Override
    public Iterator<MailboxMessage> findInMailbox(Mailbox mailbox, MessageRange set, FetchType type, int max) {
        Collection<MailboxMessage> inRange = inRange(contentOf(mailbox.getMailboxId()).messages, set);
        List<MailboxMessage> result = new ArrayList<>();
        for (MailboxMessage message : inRange) {
            if (max > 0 && result.size() >= max) {
                break;
            }
            result.add(message);
        }
        return result.iterator();
    }

    private static Collection<MailboxMessage> inRange(NavigableMap<MessageUid, MailboxMessage> messages, MessageRange set) {
        switch (set.getType()) {
            case ALL:
                return messages.values();
            case ONE:
                return Optional.ofNullable(messages.get(set.getUidFrom())).map(List::of).orElse(List.of());
            default:
                if (set.getUidFrom().compareTo(set.getUidTo()) > 0) {
                    return List.of();
                }
                return messages.subMap(set.getUidFrom(), true, set.getUidTo(), true).values();
        }
    }

    @Override
    public List<MessageUid> findRecentMessageUidsInMailbox(Mailbox mailbox) {
        return contentOf(mailbox.getMailboxId()).messages.values().stream()
            .filter(MailboxMessage::isRecent)
            .map(MailboxMessage::getUid)
            .collect(ImmutableList.toImmutableList());
    }

    @Override
    public MessageUid findFirstUnseenMessageUid(Mailbox mailbox) {
        return contentOf(mailbox.getMailboxId()).messages.values().stream()
            .filter(message -> !message.isSeen())
            .findFirst()
            .map(MailboxMessage::getUid)
            .orElse(null);
    }

    @Override
    public List<MessageUid> retrieveMessagesMarkedForDeletion(Mailbox mailbox, MessageRange messageRange) {
        List<MessageUid> deleted = new ArrayList<>();
        findInMailbox(mailbox, messageRange, FetchType.METADATA, UNLIMITED).forEachRemaining(message -> {
            if (message.isDeleted()) {
                deleted.add(message.getUid());
            }
        });
        return deleted;
    }

    @Override
    public Map<MessageUid, MessageMetaData> deleteMessages(Mailbox mailbox, List<MessageUid> uids) {
        Map<MessageUid, MessageMetaData> deleted = new LinkedHashMap<>();
        for (MessageUid uid : uids) {
            remove(mailbox.getMailboxId(), uid).ifPresent(message -> deleted.put(uid, message.metaData()));
        }
        return ImmutableMap.copyOf(deleted);
    }

    @Override
    public Flags getApplicableFlag(Mailbox mailbox) {
        return new ApplicableFlagCalculator(contentOf(mailbox.getMailboxId()).messages.values()).computeApplicableFlags();
    }

    @Override
    public void deleteAll() {
        mailboxes.clear();
        index.clear();
    }

    @Override
    protected MessageMetaData copy(Mailbox mailbox, MessageUid uid, ModSeq modSeq, MailboxMessage original) throws MailboxException {
        SimpleMailboxMessage copy = SimpleMailboxMessage.copy(mailbox.getMailboxId(), original);
        copy.setUid(uid);
        copy.setModSeq(modSeq);
        Flags flags = original.createFlags();
        flags.add(Flags.Flag.RECENT);
        copy.setFlags(flags);
        return save(mailbox, copy);
    }

    @Override
    public MessageMetaData save(Mailbox mailbox, MailboxMessage message) throws MailboxException {
        SimpleMailboxMessage stored = SimpleMailboxMessage.copy(mailbox.getMailboxId(), message);
        stored.setUid(message.getUid());
        stored.setModSeq(message.getModSeq());
        stored.setSaveDate(Date.from(clock.instant()));
        MailboxContent content = contentOf(mailbox.getMailboxId());
        if (content.messages.put(stored.getUid(), stored) == null) {
            content.count.incrementAndGet();
        }
        index.add(stored.getMessageId(), mailbox.getMailboxId(), stored.getUid());
        return stored.metaData();
    }

    /** Removes the message with this UID from this mailbox and from the id index; returns it if it was there. */
    Optional<MailboxMessage> remove(MailboxId mailboxId, MessageUid uid) {
        MailboxContent content = mailboxes.get(mailboxId);
        if (content == null) {
            return Optional.empty();
        }
        MailboxMessage removed = content.messages.remove(uid);
        if (removed == null) {
            return Optional.empty();
        }
        content.count.decrementAndGet();
        index.remove(removed.getMessageId(), mailboxId, uid);
        return Optional.of(removed);
    }

    private MailboxContent contentOf(MailboxId mailboxId) {
        return mailboxes.computeIfAbsent(mailboxId, id -> new MailboxContent());
    }

    @Override
    public String toString() {
        return mailboxes.entrySet().stream()
            .map(entry -> entry.getKey().serialize() + "=" + entry.getValue().count.get())
            .collect(Collectors.joining(", ", "IndexedMessageMapper{", "}"));
    }

    /** The messages of one mailbox by UID, and their number (a skip list counts by walking). */
    private static final class MailboxContent {
        private final ConcurrentSkipListMap<MessageUid, MailboxMessage> messages = new ConcurrentSkipListMap<>();
        private final AtomicInteger count = new AtomicInteger();
    }
}
