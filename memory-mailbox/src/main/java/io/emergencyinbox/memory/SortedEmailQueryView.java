package io.emergencyinbox.memory;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Comparator;
import java.util.Map;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;

import javax.inject.Inject;

import org.apache.james.jmap.api.projections.EmailQueryView;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.util.streams.Limit;

import com.google.common.base.Preconditions;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The JMAP {@code Email/query} view of the memory server (listing a mailbox by date), kept sorted as
 * messages arrive: a first page costs the page, not a sort of the whole mailbox as in James's memory
 * version. Messages with the same date are listed in the order they were saved, as James's view does.
 */
public class SortedEmailQueryView implements EmailQueryView {
    private static final Comparator<Item> BY_RECEIVED_AT = Comparator.comparing((Item item) -> item.receivedAt).reversed()
        .thenComparingLong(item -> item.sequence);
    private static final Comparator<Item> BY_SENT_AT = Comparator.comparing((Item item) -> item.sentAt).reversed()
        .thenComparingLong(item -> item.sequence);

    private final Map<MailboxId, MailboxView> mailboxes = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    @Inject
    public SortedEmailQueryView() {
    }

    @Override
    public Flux<MessageId> listMailboxContentSortedBySentAt(MailboxId mailboxId, Limit limit) {
        checkDefined(limit);
        return Flux.defer(() -> ids(viewOf(mailboxId).bySentAt, limit));
    }

    @Override
    public Flux<MessageId> listMailboxContentSortedByReceivedAt(MailboxId mailboxId, Limit limit) {
        return Flux.defer(() -> ids(viewOf(mailboxId).byReceivedAt, limit));
    }

    @Override
    public Flux<MessageId> listMailboxContentSinceAfterSortedBySentAt(MailboxId mailboxId, ZonedDateTime since, Limit limit) {
        checkDefined(limit);
        Instant after = since.toInstant();
        return Flux.defer(() -> Flux.fromIterable(viewOf(mailboxId).bySentAt))
            .filter(item -> !item.receivedAt.isBefore(after))
            .map(item -> item.messageId)
            .take(limit.getLimit().get());
    }

    @Override
    public Flux<MessageId> listMailboxContentSinceAfterSortedByReceivedAt(MailboxId mailboxId, ZonedDateTime since, Limit limit) {
        Instant after = since.toInstant();
        return Flux.defer(() -> Flux.fromIterable(viewOf(mailboxId).byReceivedAt))
            .takeWhile(item -> !item.receivedAt.isBefore(after))
            .map(item -> item.messageId)
            .take(limit.getLimit().get());
    }

    @Override
    public Flux<MessageId> listMailboxContentBeforeSortedByReceivedAt(MailboxId mailboxId, ZonedDateTime before, Limit limit) {
        Item first = Item.boundary(before.toInstant());
        return Flux.defer(() -> ids(viewOf(mailboxId).byReceivedAt.tailSet(first, true), limit));
    }

    @Override
    public Flux<MessageId> listMailboxContentSinceSentAt(MailboxId mailboxId, ZonedDateTime since, Limit limit) {
        checkDefined(limit);
        Instant after = since.toInstant();
        return Flux.defer(() -> Flux.fromIterable(viewOf(mailboxId).bySentAt))
            .takeWhile(item -> !item.sentAt.isBefore(after))
            .map(item -> item.messageId)
            .take(limit.getLimit().get());
    }

    @Override
    public Mono<Void> delete(MailboxId mailboxId, MessageId messageId) {
        return Mono.fromRunnable(() -> {
            MailboxView view = mailboxes.get(mailboxId);
            if (view != null) {
                view.remove(messageId);
            }
        });
    }

    @Override
    public Mono<Void> delete(MailboxId mailboxId) {
        return Mono.fromRunnable(() -> mailboxes.remove(mailboxId));
    }

    @Override
    public Mono<Void> save(MailboxId mailboxId, ZonedDateTime sentAt, ZonedDateTime receivedAt, MessageId messageId) {
        return Mono.fromRunnable(() -> mailboxes.computeIfAbsent(mailboxId, id -> new MailboxView())
            .put(new Item(messageId, sentAt.toInstant(), receivedAt.toInstant(), sequence.incrementAndGet())));
    }

    private MailboxView viewOf(MailboxId mailboxId) {
        return mailboxes.getOrDefault(mailboxId, MailboxView.EMPTY);
    }

    private static Flux<MessageId> ids(Iterable<Item> items, Limit limit) {
        Flux<MessageId> ids = Flux.fromIterable(items).map(item -> item.messageId);
        return limit.getLimit().map(ids::take).orElse(ids);
    }

    private static void checkDefined(Limit limit) {
        Preconditions.checkArgument(!limit.isUnlimited(), "Limit should be defined");
    }

    /** One mailbox: each message once, in both date orders. */
    private static final class MailboxView {
        private static final MailboxView EMPTY = new MailboxView();

        private final Map<MessageId, Item> byMessageId = new ConcurrentHashMap<>();
        private final NavigableSet<Item> byReceivedAt = new ConcurrentSkipListSet<>(BY_RECEIVED_AT);
        private final NavigableSet<Item> bySentAt = new ConcurrentSkipListSet<>(BY_SENT_AT);

        synchronized void put(Item item) {
            remove(item.messageId);
            byMessageId.put(item.messageId, item);
            byReceivedAt.add(item);
            bySentAt.add(item);
        }

        synchronized void remove(MessageId messageId) {
            Item previous = byMessageId.remove(messageId);
            if (previous != null) {
                byReceivedAt.remove(previous);
                bySentAt.remove(previous);
            }
        }
    }

    private static final class Item {
        private final MessageId messageId;
        private final Instant sentAt;
        private final Instant receivedAt;
        private final long sequence;

        private Item(MessageId messageId, Instant sentAt, Instant receivedAt, long sequence) {
            this.messageId = messageId;
            this.sentAt = sentAt;
            this.receivedAt = receivedAt;
            this.sequence = sequence;
        }

        /** Sorts before every item received at that instant, after every item received later. */
        static Item boundary(Instant receivedAt) {
            return new Item(null, receivedAt, receivedAt, Long.MIN_VALUE);
        }
    }
}
