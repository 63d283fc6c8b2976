package io.emergencyinbox.dropin;

import com.google.inject.AbstractModule;

import io.emergencyinbox.guice.ContinuityEngineModule;
import io.emergencyinbox.guice.ContinuityPolicyModule;
import io.emergencyinbox.guice.ContinuityWebAdminModule;

/**
 * Emergency Inbox in a stock James 3.8.1, listed in {@code extensions.properties}
 * ({@code guice.extension.module}) together with a store module
 * ({@code io.emergencyinbox.guice.MemoryContinuityStoresModule}).
 *
 * <p>James installs these modules in one child injector (its {@code GuiceGenericLoader} is a
 * singleton), from which it creates our mailets, matchers, WebAdmin routes, health check, startable
 * and task extension: they all share the singletons bound here and see James's own bindings
 * ({@code MailboxManager}, {@code UsersRepository}, {@code DomainList}, {@code MetricFactory},
 * {@code Clock}, {@code MailetContext}, {@code TaskManager}, {@code JsonTransformer}, WebAdmin's
 * authentication). Nothing here contributes to James's sets, which a child injector cannot reach:
 * routes, health check, task details and the engine's start are listed in the configuration files
 * instead (dropin/src/main/conf, docs/adr/0040).
 */
public class DropInModule extends AbstractModule {
    @Override
    protected void configure() {
        install(new ContinuityPolicyModule());
        install(new ContinuityEngineModule());
        install(new ContinuityWebAdminModule());
    }
}
