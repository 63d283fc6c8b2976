package io.emergencyinbox.durable.queue;

import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.ManageableMailQueue;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;

/**
 * As an override of James's memory server: its mail queues are kept on disk (ADR 53). Guice builds the
 * broker and the factory itself, so James stops them in reverse order at shutdown: queues, then broker.
 */
public class DurableMailQueueModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(EmbeddedQueueBroker.class).in(Scopes.SINGLETON);
        bind(DurableMailQueueFactory.class).in(Scopes.SINGLETON);
    }

    @Provides
    @Singleton
    MailQueueFactory<? extends ManageableMailQueue> manageableQueues(DurableMailQueueFactory factory) {
        return factory;
    }

    @Provides
    @Singleton
    MailQueueFactory<?> queues(DurableMailQueueFactory factory) {
        return factory;
    }

    @Provides
    @Singleton
    MailQueueFactory<? extends MailQueue> anyQueues(DurableMailQueueFactory factory) {
        return factory;
    }
}
