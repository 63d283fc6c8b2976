package io.emergencyinbox.memory;

import org.apache.james.jmap.api.change.EmailChangeRepository;
import org.apache.james.jmap.api.change.MailboxChangeRepository;
import org.apache.james.jmap.api.projections.EmailQueryView;
import org.apache.james.mailbox.inmemory.InMemoryMailboxSessionMapperFactory;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;

/**
 * For James's memory server, as an override: indexed message storage and message-id lookups, a sorted
 * JMAP Email/query view and JMAP change logs read from their end (docs/adr/0050-indexed-memory-mailbox.md).
 */
public class IndexedMemoryMailboxModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(IndexedMailboxSessionMapperFactory.class).in(Scopes.SINGLETON);
        bind(InMemoryMailboxSessionMapperFactory.class).to(IndexedMailboxSessionMapperFactory.class);
        bind(SortedEmailQueryView.class).in(Scopes.SINGLETON);
        bind(EmailQueryView.class).to(SortedEmailQueryView.class);
        bind(IndexedMailboxChangeRepository.class).in(Scopes.SINGLETON);
        bind(MailboxChangeRepository.class).to(IndexedMailboxChangeRepository.class);
        bind(IndexedEmailChangeRepository.class).in(Scopes.SINGLETON);
        bind(EmailChangeRepository.class).to(IndexedEmailChangeRepository.class);
    }
}
