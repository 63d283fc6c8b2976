package io.emergencyinbox.memory.queue;

import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.inject.Inject;

import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.MailQueueItemDecoratorFactory;
import org.apache.james.queue.api.MailQueueName;

import com.google.common.collect.ImmutableSet;

/** One {@link FifoMemoryMailQueue} per name, created on first use and kept for the life of the server. */
public class FifoMemoryMailQueueFactory implements MailQueueFactory<FifoMemoryMailQueue> {
    private final ConcurrentHashMap<MailQueueName, FifoMemoryMailQueue> queues = new ConcurrentHashMap<>();
    private final MailQueueItemDecoratorFactory decorators;
    private final Clock clock;

    @Inject
    public FifoMemoryMailQueueFactory(MailQueueItemDecoratorFactory decorators, Clock clock) {
        this.decorators = decorators;
        this.clock = clock;
    }

    @Override
    public Optional<FifoMemoryMailQueue> getQueue(MailQueueName name, PrefetchCount count) {
        return Optional.ofNullable(queues.get(name));
    }

    @Override
    public FifoMemoryMailQueue createQueue(MailQueueName name, PrefetchCount count) {
        return queues.computeIfAbsent(name, any -> new FifoMemoryMailQueue(name, decorators, clock));
    }

    @Override
    public Set<MailQueueName> listCreatedMailQueues() {
        return ImmutableSet.copyOf(queues.keySet());
    }

    /** Stops every queue for good; for tests (in the server the queues' daemon threads end with it). */
    public void close() {
        queues.values().forEach(FifoMemoryMailQueue::dispose);
    }
}
