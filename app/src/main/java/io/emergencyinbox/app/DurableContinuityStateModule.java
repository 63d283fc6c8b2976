package io.emergencyinbox.app;

import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import com.google.inject.multibindings.ProvidesIntoSet;

/**
 * What our assembly adds when its continuity state outlives James's in-memory data (continuity stores in
 * Cassandra): the managed domains are given back to James at start. (The Emergency Inbox copies are restored by
 * the engine itself.)
 */
public class DurableContinuityStateModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(ManagedDomainsRestorer.class).in(Scopes.SINGLETON);
    }

    @ProvidesIntoSet
    InitializationOperation restoreManagedDomains(ManagedDomainsRestorer restorer) {
        return InitilizationOperationBuilder.forClass(ManagedDomainsRestorer.class).init(restorer::restore);
    }
}
