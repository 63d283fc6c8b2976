package io.emergencyinbox.app;

import org.apache.james.mailbox.store.mail.ThreadIdGuessingAlgorithm;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;

import io.emergencyinbox.mailets.inbox.IndexedThreadIdGuessingAlgorithm;

/**
 * Replaces the memory app's search-based threading, whose cost grows with every message stored, by
 * an index kept on append (docs/adr/0011-flat-mailbox-writes.md).
 */
public class IndexedThreadingModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(ThreadIdGuessingAlgorithm.class).to(IndexedThreadIdGuessingAlgorithm.class);
        bind(IndexedThreadIdGuessingAlgorithm.class).in(Scopes.SINGLETON);
    }
}
