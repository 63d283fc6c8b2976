package io.emergencyinbox.memory.queue;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.queue.api.MailQueueItemDecoratorFactory;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.api.ManageableMailQueue;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Mail;
import org.reactivestreams.Publisher;

import com.google.common.collect.ImmutableList;

import io.emergencyinbox.message.MessageBytes;
import io.emergencyinbox.message.ReceivedBytesMessage;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A mail queue in memory that hands mails out in the order they become due: by delivery time, then by
 * order of arrival. James's own memory queue passes its mails through a concurrent {@code flatMap} that
 * emits them out of order: under load some mails waited seconds behind hundreds that arrived after them
 * (ADR 52). Here one thread takes the due mails one after the other, only as the pipeline asks for them.
 *
 * <p>Like James's, it lives in RAM: what it holds is lost by a crash.
 */
public final class FifoMemoryMailQueue implements ManageableMailQueue {
    private final MailQueueName name;
    private final MailQueueItemDecoratorFactory decorators;
    private final Clock clock;
    private final AtomicLong arrivals = new AtomicLong();
    private final DelayQueue<Entry> waiting = new DelayQueue<>();
    private final Set<Entry> inProcessing = ConcurrentHashMap.newKeySet();
    private final Scheduler taker;
    private final Flux<MailQueueItem> dequeue;

    FifoMemoryMailQueue(MailQueueName name, MailQueueItemDecoratorFactory decorators, Clock clock) {
        this.name = name;
        this.decorators = decorators;
        this.clock = clock;
        this.taker = Schedulers.newSingle("fifo-mail-queue-" + name.asString(), true);
        this.dequeue = Mono.fromCallable(this::nextDue)
            .subscribeOn(taker)
            .repeat()
            .map(this::handOut);
    }

    @Override
    public MailQueueName getName() {
        return name;
    }

    @Override
    public void enQueue(Mail mail) throws MailQueueException {
        enQueue(mail, Duration.ZERO);
    }

    @Override
    public void enQueue(Mail mail, Duration delay) throws MailQueueException {
        Instant due = delay.isNegative() ? clock.instant() : clock.instant().plus(delay);
        try {
            waiting.put(new Entry(copyOf(mail), due, arrivals.incrementAndGet()));
        } catch (MessagingException e) {
            throw new MailQueueException("Cannot copy mail " + mail.getName() + " into queue " + name.asString(), e);
        }
    }

    @Override
    public Publisher<Void> enqueueReactive(Mail mail) {
        return Mono.fromRunnable(() -> {
            try {
                enQueue(mail);
            } catch (MailQueueException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        });
    }

    @Override
    public Publisher<MailQueueItem> deQueue() {
        return dequeue;
    }

    /** The next due mail, waiting for it; none when the server stops the taking thread. */
    private Entry nextDue() {
        try {
            return waiting.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private MailQueueItem handOut(Entry entry) {
        inProcessing.add(entry);
        return decorators.decorate(new Item(entry), name);
    }

    /** Mails waiting and mails handed out whose processing has not ended yet. */
    @Override
    public long getSize() {
        return waiting.size() + inProcessing.size();
    }

    /** Makes every waiting mail due now, in the order they arrived. */
    @Override
    public long flush() {
        long count = 0;
        for (Entry entry : inArrivalOrder()) {
            if (waiting.remove(entry)) {
                waiting.put(new Entry(entry.mail, clock.instant(), arrivals.incrementAndGet()));
                count++;
            }
        }
        return count;
    }

    @Override
    public long clear() {
        long count = 0;
        for (Entry entry : ImmutableList.copyOf(waiting)) {
            if (waiting.remove(entry)) {
                count++;
            }
        }
        return count;
    }

    @Override
    public long remove(Type type, String value) {
        long count = 0;
        for (Entry entry : ImmutableList.copyOf(waiting)) {
            if (matches(entry.mail, type, value) && waiting.remove(entry)) {
                count++;
            }
        }
        return count;
    }

    private List<Entry> inArrivalOrder() {
        return ImmutableList.sortedCopyOf(Comparator.comparingLong((Entry entry) -> entry.arrival), ImmutableList.copyOf(waiting));
    }

    private static boolean matches(Mail mail, Type type, String value) {
        switch (type) {
            case Name:
                return mail.getName().equals(value);
            case Recipient:
                return mail.getRecipients().stream().map(MailAddress::asString).anyMatch(value::equals);
            case Sender:
                return mail.getMaybeSender().asString().equals(value);
            default:
                throw new IllegalArgumentException("Unknown type " + type);
        }
    }

    @Override
    public MailQueueIterator browse() {
        Iterator<MailQueueItemView> views = inArrivalOrder().stream()
            .map(entry -> (MailQueueItemView) new DefaultMailQueueItemView(entry.mail, entry.due.atZone(ZoneOffset.UTC)))
            .iterator();
        return new MailQueueIterator() {
            @Override
            public boolean hasNext() {
                return views.hasNext();
            }

            @Override
            public MailQueueItemView next() {
                return views.next();
            }

            @Override
            public void close() {
            }
        };
    }

    /**
     * Nothing to release: users of a queue close it when done with it (James's WebAdmin routes after each
     * request) while the mail pipeline goes on taking from it. The queue lives as long as the server.
     */
    @Override
    public void close() {
    }

    /** Stops handing out mails, for good (the factory's end, tests). */
    void dispose() {
        taker.dispose();
    }

    /**
     * The mail as it was enqueued, its message as the bytes it was received as ({@link ReceivedBytesMessage}),
     * parsed again only when a mailet reads it. James's memory queue copies the message through James's
     * serialisation, which dropped the blank line of a message without headers (its first body line then read as a
     * header) and wrote 8-bit header bytes as '?'.
     */
    private static Mail copyOf(Mail mail) throws MessagingException {
        MailImpl copy = MailImpl.duplicateWithoutMessage(mail).build();
        copy.setName(mail.getName());
        copy.setState(mail.getState());
        MimeMessage message = mail.getMessage();
        if (message != null) {
            try {
                byte[] bytes = MessageBytes.of(message, message.getSize());
                copy.setMessageNoCopy(new ReceivedBytesMessage(new ByteArrayMessageSource(mail.getName(), bytes)));
            } catch (IOException e) {
                throw new MessagingException("Cannot copy the message of mail " + mail.getName(), e);
            }
        }
        return copy;
    }

    private final class Item implements MailQueueItem {
        private final Entry entry;

        private Item(Entry entry) {
            this.entry = entry;
        }

        @Override
        public Mail getMail() {
            return entry.mail;
        }

        @Override
        public void done(CompletionStatus status) throws MailQueueException {
            inProcessing.remove(entry);
            if (status == CompletionStatus.RETRY) {
                enQueue(entry.mail);
            }
        }
    }

    /** A mail and when it is due; ordered by due time, then by arrival, whatever the time now. */
    private final class Entry implements Delayed {
        private final Mail mail;
        private final Instant due;
        private final long arrival;

        private Entry(Mail mail, Instant due, long arrival) {
            this.mail = mail;
            this.due = due;
            this.arrival = arrival;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(Duration.between(clock.instant(), due));
        }

        @Override
        public int compareTo(Delayed other) {
            Entry that = (Entry) other;
            int byDue = due.compareTo(that.due);
            return byDue != 0 ? byDue : Long.compare(arrival, that.arrival);
        }
    }
}
