package io.emergencyinbox.memory.queue;

import java.time.Clock;

import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.MailQueueFactoryContract;
import org.apache.james.queue.api.ManageableMailQueueFactoryContract;
import org.apache.james.queue.api.RawMailQueueItemDecoratorFactory;
import org.junit.jupiter.api.BeforeEach;

/** James's own contracts for mail queue factories. */
class FifoMemoryMailQueueFactoryTest implements MailQueueFactoryContract<FifoMemoryMailQueue>,
    ManageableMailQueueFactoryContract<FifoMemoryMailQueue> {
    private FifoMemoryMailQueueFactory factory;

    @BeforeEach
    void setUp() {
        factory = new FifoMemoryMailQueueFactory(new RawMailQueueItemDecoratorFactory(), Clock.systemUTC());
    }

    @Override
    public MailQueueFactory<FifoMemoryMailQueue> getMailQueueFactory() {
        return factory;
    }
}
