package io.emergencyinbox.memory.queue;

import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.ManageableMailQueue;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;

/** For James's memory server, as an override: its mail queues hand mails out first in, first out (ADR 52). */
public class FifoMemoryMailQueueModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(FifoMemoryMailQueueFactory.class).in(Scopes.SINGLETON);
    }

    @Provides
    @Singleton
    MailQueueFactory<? extends ManageableMailQueue> manageableQueues(FifoMemoryMailQueueFactory factory) {
        return factory;
    }

    @Provides
    @Singleton
    MailQueueFactory<?> queues(FifoMemoryMailQueueFactory factory) {
        return factory;
    }

    @Provides
    @Singleton
    MailQueueFactory<? extends MailQueue> anyQueues(FifoMemoryMailQueueFactory factory) {
        return factory;
    }
}
