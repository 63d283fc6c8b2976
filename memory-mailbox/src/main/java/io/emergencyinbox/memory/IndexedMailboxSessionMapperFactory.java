package io.emergencyinbox.memory;

import java.time.Clock;

import javax.inject.Inject;

import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.inmemory.InMemoryMailboxSessionMapperFactory;
import org.apache.james.mailbox.inmemory.mail.InMemoryMessageMapper;
import org.apache.james.mailbox.store.mail.MessageIdMapper;

/**
 * James's memory mapper factory with the indexed message storage ({@link IndexedMessageMapper}) and
 * message-id lookups ({@link IndexedMessageIdMapper}); mailboxes, subscriptions, attachments,
 * annotations, UIDs and mod-sequences stay James's.
 */
public class IndexedMailboxSessionMapperFactory extends InMemoryMailboxSessionMapperFactory {
    private final IndexedMessageMapper messageMapper;
    private final IndexedMessageIdMapper messageIdMapper;

    @Inject
    public IndexedMailboxSessionMapperFactory(Clock clock) {
        super(clock);
        this.messageMapper = new IndexedMessageMapper(getUidProvider(), getModSeqProvider(), clock);
        this.messageIdMapper = new IndexedMessageIdMapper(createMailboxMapper(null), messageMapper);
    }

    @Override
    public InMemoryMessageMapper createMessageMapper(MailboxSession session) {
        return messageMapper;
    }

    @Override
    public MessageIdMapper createMessageIdMapper(MailboxSession session) {
        return messageIdMapper;
    }

    @Override
    public void deleteAll() throws MailboxException {
        super.deleteAll();
        messageMapper.deleteAll();
    }
}
