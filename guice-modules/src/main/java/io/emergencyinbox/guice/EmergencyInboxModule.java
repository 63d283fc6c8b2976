package io.emergencyinbox.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Module;

/**
 * Everything Emergency Inbox adds to a James server, with the embedded (memory and file) stores or the
 * stores given. Combine with {@link JmapAccessOverridesModule} through {@code overrideWith}.
 */
public class EmergencyInboxModule extends AbstractModule {
    private final Module stores;

    /** With the embedded stores ({@link MemoryContinuityStoresModule}). */
    public EmergencyInboxModule() {
        this(new MemoryContinuityStoresModule());
    }

    /** With these stores, e.g. {@link CassandraContinuityStoresModule}. */
    public EmergencyInboxModule(Module stores) {
        this.stores = stores;
    }

    @Override
    protected void configure() {
        install(new ContinuityPolicyModule());
        install(stores);
        install(new ContinuityEngineModule());
        install(new ContinuityWebAdminModule());
        install(new ContinuityAccessModule());
        install(new ContinuityJmapModule());
        install(new AssemblyRegistrationsModule());
    }
}
