package io.emergencyinbox.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;

import io.emergencyinbox.core.access.AccessPolicy;
import io.emergencyinbox.core.access.AccountDirectory;
import io.emergencyinbox.core.access.AuditedAccess;
import io.emergencyinbox.jmap.access.AccountIds;
import io.emergencyinbox.jmap.access.UsersAccountDirectory;

/** The access policy and its audit, over James's users. */
public class ContinuityAccessModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(AccessPolicy.class).in(Scopes.SINGLETON);
        bind(AuditedAccess.class).in(Scopes.SINGLETON);
        bind(AccountIds.class).in(Scopes.SINGLETON);
        bind(AccountDirectory.class).to(UsersAccountDirectory.class);
        bind(UsersAccountDirectory.class).in(Scopes.SINGLETON);
    }
}
