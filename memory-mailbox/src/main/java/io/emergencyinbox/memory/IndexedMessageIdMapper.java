package io.emergencyinbox.memory;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import javax.mail.Flags;

import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.ComposedMessageId;
import org.apache.james.mailbox.model.ComposedMessageIdWithMetaData;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.model.UpdatedFlags;
import org.apache.james.mailbox.store.FlagsUpdateCalculator;
import org.apache.james.mailbox.store.MailboxReactorUtils;
import org.apache.james.mailbox.store.mail.MailboxMapper;
import org.apache.james.mailbox.store.mail.MessageIdMapper;
import org.apache.james.mailbox.store.mail.MessageMapper;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;
import org.reactivestreams.Publisher;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableListMultimap;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.Multimap;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.function.Tuple2;
import reactor.util.function.Tuples;

/**
 * Finds messages by id through the {@link MessageIdIndex} of an {@link IndexedMessageMapper}, in time
 * proportional to the ids asked for (James's memory version reads every message of the server). Like
 * James's, it only returns messages of mailboxes that still exist.
 */
public class IndexedMessageIdMapper implements MessageIdMapper {
    private final MailboxMapper mailboxMapper;
    private final IndexedMessageMapper messageMapper;

    public IndexedMessageIdMapper(MailboxMapper mailboxMapper, IndexedMessageMapper messageMapper) {
        this.mailboxMapper = mailboxMapper;
        this.messageMapper = messageMapper;
    }

    @Override
    public List<MailboxMessage> find(Collection<MessageId> messageIds, MessageMapper.FetchType fetchType) {
        return findReactive(messageIds, fetchType).collect(ImmutableList.toImmutableList()).block();
    }

    @Override
    public Flux<MailboxMessage> findReactive(Collection<MessageId> messageIds, MessageMapper.FetchType fetchType) {
        return existingMailboxes().flatMapMany(existing -> Flux.fromIterable(new LinkedHashSet<>(messageIds))
            .flatMapIterable(messageId -> messageMapper.index().locationsOf(messageId))
            .filter(location -> existing.contains(location.mailboxId()))
            .mapNotNull(location -> messageMapper.find(location.mailboxId(), location.uid()).orElse(null)));
    }

    @Override
    public Publisher<ComposedMessageIdWithMetaData> findMetadata(MessageId messageId) {
        return findReactive(List.of(messageId), MessageMapper.FetchType.METADATA)
            .map(message -> new ComposedMessageIdWithMetaData(
                new ComposedMessageId(message.getMailboxId(), message.getMessageId(), message.getUid()),
                message.createFlags(),
                message.getModSeq(),
                message.getThreadId()));
    }

    @Override
    public List<MailboxId> findMailboxes(MessageId messageId) {
        return find(List.of(messageId), MessageMapper.FetchType.METADATA).stream()
            .map(MailboxMessage::getMailboxId)
            .collect(ImmutableList.toImmutableList());
    }

    @Override
    public void save(MailboxMessage mailboxMessage) throws MailboxException {
        Mailbox mailbox = MailboxReactorUtils.block(mailboxMapper.findMailboxById(mailboxMessage.getMailboxId()));
        messageMapper.save(mailbox, mailboxMessage);
    }

    @Override
    public void copyInMailbox(MailboxMessage mailboxMessage, Mailbox mailbox) throws MailboxException {
        if (!findMailboxes(mailboxMessage.getMessageId()).contains(mailbox.getMailboxId())) {
            save(mailboxMessage);
        }
    }

    @Override
    public void delete(MessageId messageId) {
        deleteIn(messageId, null);
    }

    @Override
    public void delete(MessageId messageId, Collection<MailboxId> mailboxIds) {
        deleteIn(messageId, mailboxIds);
    }

    private void deleteIn(MessageId messageId, Collection<MailboxId> mailboxIds) {
        for (MailboxMessage message : find(List.of(messageId), MessageMapper.FetchType.METADATA)) {
            if (mailboxIds == null || mailboxIds.contains(message.getMailboxId())) {
                messageMapper.remove(message.getMailboxId(), message.getUid());
            }
        }
    }

    @Override
    public Mono<Multimap<MailboxId, UpdatedFlags>> setFlags(MessageId messageId, List<MailboxId> mailboxIds, Flags newState,
                                                          MessageManager.FlagsUpdateMode updateMode) {
        return findReactive(List.of(messageId), MessageMapper.FetchType.METADATA)
            .filter(message -> mailboxIds.contains(message.getMailboxId()))
            .concatMap(message -> updateFlags(message, newState, updateMode))
            .distinct()
            .collect(ImmutableListMultimap.toImmutableListMultimap(Tuple2::getT1, Tuple2::getT2));
    }

    private Mono<Tuple2<MailboxId, UpdatedFlags>> updateFlags(MailboxMessage message, Flags newState,
                                                           MessageManager.FlagsUpdateMode updateMode) {
        FlagsUpdateCalculator calculator = new FlagsUpdateCalculator(newState, updateMode);
        Flags current = message.createFlags();
        if (calculator.buildNewFlags(current).equals(current)) {
            return Mono.just(Tuples.of(message.getMailboxId(), UpdatedFlags.builder()
                .modSeq(message.getModSeq())
                .uid(message.getUid())
                .messageId(message.getMessageId())
                .oldFlags(current)
                .newFlags(newState)
                .build()));
        }
        return mailboxMapper.findMailboxById(message.getMailboxId())
            .flatMap(mailbox -> messageMapper.updateFlagsReactive(mailbox, calculator, message.getUid().toRange()))
            .flatMapIterable(updated -> updated)
            .next()
            .map(updated -> Tuples.of(message.getMailboxId(), updated));
    }

    private Mono<Set<MailboxId>> existingMailboxes() {
        return mailboxMapper.list()
            .map(Mailbox::getMailboxId)
            .collect(ImmutableSet.toImmutableSet());
    }
}
