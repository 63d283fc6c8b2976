package io.emergencyinbox.guice;

import com.google.inject.AbstractModule;

/**
 * Everything Emergency Inbox adds to a James server, with the embedded (memory and file) stores.
 * Combine with {@link JmapAccessOverridesModule} through {@code overrideWith}.
 */
public class EmergencyInboxModule extends AbstractModule {
    @Override
    protected void configure() {
        install(new ContinuityPolicyModule());
        install(new MemoryContinuityStoresModule());
        install(new ContinuityEngineModule());
        install(new ContinuityWebAdminModule());
        install(new ContinuityAccessModule());
        install(new ContinuityJmapModule());
        install(new AssemblyRegistrationsModule());
    }
}
