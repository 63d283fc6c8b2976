package io.emergencyinbox.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;

import javax.mail.Flags;

import org.apache.james.core.Username;
import org.apache.james.mailbox.model.ByteContent;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.ThreadId;
import org.apache.james.mailbox.model.UidValidity;
import org.apache.james.mailbox.store.mail.MailboxMapper;
import org.apache.james.mailbox.store.mail.MessageIdMapper;
import org.apache.james.mailbox.store.mail.MessageMapper;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;
import org.apache.james.mailbox.store.mail.model.impl.PropertyBuilder;
import org.apache.james.mailbox.store.mail.model.impl.SimpleMailboxMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.google.common.collect.ImmutableList;

/** What the indexes must keep true beyond James's contracts: lookups by id follow removals. */
class IndexedMessageMapperIndexTest {
    private static final String CONTENT = "Subject: test\r\n\r\nbody\r\n";

    private IndexedMapperProvider provider;
    private MailboxMapper mailboxes;
    private MessageMapper messages;
    private MessageIdMapper byId;
    private Mailbox inbox;
    private Mailbox emergency;

    @BeforeEach
    void setUp() throws Exception {
        provider = new IndexedMapperProvider();
        mailboxes = provider.createMailboxMapper();
        messages = provider.createMessageMapper();
        byId = provider.createMessageIdMapper();
        inbox = mailboxes.create(MailboxPath.forUser(Username.of("alice"), "INBOX"), UidValidity.of(1)).block();
        emergency = mailboxes.create(MailboxPath.forUser(Username.of("alice"), "Emergency"), UidValidity.of(1)).block();
    }

    @Test
    void messagesOfADeletedMailboxShouldNotBeFoundById() throws Exception {
        MailboxMessage message = append(emergency);

        mailboxes.delete(emergency).block();

        assertThat(byId.find(List.of(message.getMessageId()), MessageMapper.FetchType.METADATA)).isEmpty();
    }

    @Test
    void deletedMessagesShouldNotBeFoundById() throws Exception {
        MailboxMessage kept = append(emergency);
        MailboxMessage deleted = append(emergency);

        messages.deleteMessages(emergency, List.of(deleted.getUid()));

        assertThat(byId.find(List.of(kept.getMessageId(), deleted.getMessageId()), MessageMapper.FetchType.METADATA))
            .extracting(MailboxMessage::getMessageId)
            .containsExactly(kept.getMessageId());
    }

    @Test
    void aMovedMessageShouldBeFoundInItsNewMailboxOnly() throws Exception {
        MailboxMessage message = append(inbox);

        messages.move(emergency, message);

        assertThat(byId.findMailboxes(message.getMessageId())).containsExactly(emergency.getMailboxId());
    }

    @Test
    void aCopiedMessageShouldBeFoundInBothMailboxes() throws Exception {
        MailboxMessage message = append(inbox);

        messages.copy(emergency, message);

        assertThat(byId.findMailboxes(message.getMessageId()))
            .containsExactlyInAnyOrder(inbox.getMailboxId(), emergency.getMailboxId());
    }

    @Test
    void readsByUidShouldReturnTheRangeInUidOrderUpToTheLimit() throws Exception {
        List<MailboxMessage> appended = ImmutableList.of(append(emergency), append(emergency), append(emergency), append(emergency));

        assertThat(ImmutableList.copyOf(messages.findInMailbox(emergency,
                MessageRange.range(appended.get(1).getUid(), appended.get(3).getUid()), MessageMapper.FetchType.METADATA, 2)))
            .extracting(MailboxMessage::getUid)
            .containsExactly(appended.get(1).getUid(), appended.get(2).getUid());
        assertThat(ImmutableList.copyOf(messages.findInMailbox(emergency,
                MessageRange.one(appended.get(2).getUid()), MessageMapper.FetchType.METADATA, MessageMapper.UNLIMITED)))
            .extracting(MailboxMessage::getUid)
            .containsExactly(appended.get(2).getUid());
    }

    @Test
    void countsShouldFollowAppendsAndRemovals() throws Exception {
        MailboxMessage first = append(emergency);
        append(emergency);
        append(inbox);

        messages.delete(emergency, first);

        assertThat(messages.countMessagesInMailbox(emergency)).isEqualTo(1);
        assertThat(messages.countMessagesInMailbox(inbox)).isEqualTo(1);
    }

    private MailboxMessage append(Mailbox mailbox) throws Exception {
        MessageId messageId = provider.generateMessageId();
        SimpleMailboxMessage message = new SimpleMailboxMessage(messageId, ThreadId.fromBaseMessageId(messageId), new Date(),
            CONTENT.length(), 19, new ByteContent(CONTENT.getBytes(StandardCharsets.US_ASCII)), new Flags(),
            new PropertyBuilder().build(), mailbox.getMailboxId());
        messages.add(mailbox, message);
        return message;
    }
}
