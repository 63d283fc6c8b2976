package io.emergencyinbox.memory;

import org.apache.james.jmap.api.projections.EmailQueryView;
import org.apache.james.mailbox.inmemory.InMemoryMailboxSessionMapperFactory;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;

/**
 * For James's memory server, as an override: indexed message storage and message-id lookups, and a
 * sorted JMAP Email/query view (docs/adr/0050-indexed-memory-mailbox.md).
 */
public class IndexedMemoryMailboxModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(IndexedMailboxSessionMapperFactory.class).in(Scopes.SINGLETON);
        bind(InMemoryMailboxSessionMapperFactory.class).to(IndexedMailboxSessionMapperFactory.class);
        bind(SortedEmailQueryView.class).in(Scopes.SINGLETON);
        bind(EmailQueryView.class).to(SortedEmailQueryView.class);
    }
}
