package io.emergencyinbox.guice;

import org.apache.james.mailbox.Authorizator;
import org.apache.james.user.api.DelegationStore;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;

import io.emergencyinbox.jmap.access.PolicyAuthorizator;
import io.emergencyinbox.jmap.access.PolicyDelegationStore;

/**
 * Replaces James's delegation rules by the access policy: which accounts a session lists and may
 * switch to. Apply with {@code GuiceJamesServer.overrideWith}: it replaces James's own bindings.
 */
public class JmapAccessOverridesModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(Authorizator.class).to(PolicyAuthorizator.class);
        bind(PolicyAuthorizator.class).in(Scopes.SINGLETON);
        bind(DelegationStore.class).to(PolicyDelegationStore.class);
        bind(PolicyDelegationStore.class).in(Scopes.SINGLETON);
    }
}
