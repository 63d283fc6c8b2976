package io.emergencyinbox.memory;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MailboxSessionUtil;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.ModSeq;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.inmemory.InMemoryId;
import org.apache.james.mailbox.inmemory.InMemoryMessageId;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.store.mail.AttachmentMapper;
import org.apache.james.mailbox.store.mail.MailboxMapper;
import org.apache.james.mailbox.store.mail.MessageIdMapper;
import org.apache.james.mailbox.store.mail.MessageMapper;
import org.apache.james.mailbox.store.mail.model.MapperProvider;
import org.apache.james.mailbox.store.mail.model.MessageUidProvider;
import org.apache.james.utils.UpdatableTickingClock;

/** James's mapper contracts, run against {@link IndexedMailboxSessionMapperFactory}. */
class IndexedMapperProvider implements MapperProvider {
    private static final MailboxSession SESSION = MailboxSessionUtil.create(Username.of("user"));

    private final MessageId.Factory messageIds = new InMemoryMessageId.Factory();
    private final MessageUidProvider uids = new MessageUidProvider();
    private final UpdatableTickingClock clock = new UpdatableTickingClock(Instant.now());
    private final IndexedMailboxSessionMapperFactory factory = new IndexedMailboxSessionMapperFactory(clock);

    UpdatableTickingClock clock() {
        return clock;
    }

    @Override
    public List<Capabilities> getSupportedCapabilities() {
        // What James's memory mappers support: the same contract, so the same capabilities.
        return List.of(Capabilities.MESSAGE, Capabilities.MAILBOX, Capabilities.ATTACHMENT, Capabilities.ANNOTATION,
            Capabilities.MOVE, Capabilities.ACL_STORAGE, Capabilities.UNIQUE_MESSAGE_ID);
    }

    @Override
    public MailboxMapper createMailboxMapper() {
        return factory.createMailboxMapper(SESSION);
    }

    @Override
    public MessageMapper createMessageMapper() {
        return factory.createMessageMapper(SESSION);
    }

    @Override
    public MessageIdMapper createMessageIdMapper() {
        return factory.createMessageIdMapper(SESSION);
    }

    @Override
    public AttachmentMapper createAttachmentMapper() {
        return factory.createAttachmentMapper(SESSION);
    }

    @Override
    public MailboxId generateId() {
        return InMemoryId.of(ThreadLocalRandom.current().nextInt());
    }

    @Override
    public MessageUid generateMessageUid() {
        return uids.next();
    }

    @Override
    public ModSeq generateModSeq(Mailbox mailbox) throws MailboxException {
        return factory.getModSeqProvider().nextModSeq(mailbox);
    }

    @Override
    public ModSeq highestModSeq(Mailbox mailbox) throws MailboxException {
        return factory.getModSeqProvider().highestModSeq(mailbox);
    }

    @Override
    public boolean supportPartialAttachmentFetch() {
        return false;
    }

    @Override
    public MessageId generateMessageId() {
        return messageIds.generate();
    }
}
