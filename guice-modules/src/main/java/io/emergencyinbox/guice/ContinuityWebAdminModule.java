package io.emergencyinbox.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;

import io.emergencyinbox.webadmin.DownstreamsHealthCheck;
import io.emergencyinbox.webadmin.access.ContinuityAccessFilter;

/**
 * What our WebAdmin routes share: the downstream health check (also read by the routes) and the
 * access filter of {@code /continuity}. Plain bindings, so it also works in the child injector of a
 * stock James; the routes themselves are registered by {@link AssemblyRegistrationsModule} or, in a
 * stock James, listed in {@code webadmin.properties}.
 */
public class ContinuityWebAdminModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(DownstreamsHealthCheck.class).in(Scopes.SINGLETON);
        bind(ContinuityAccessFilter.class).in(Scopes.SINGLETON);
    }
}
