package io.emergencyinbox.guice;

import java.util.Set;
import java.util.stream.Collectors;

import javax.inject.Singleton;

import org.apache.james.jmap.JMAPRoutes;
import org.apache.james.jmap.core.CapabilityFactory;
import org.apache.james.jmap.core.SessionTranslator;
import org.apache.james.jmap.method.Method;
import org.apache.james.jmap.routes.JMAPApi;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoSet;

import io.emergencyinbox.core.access.AuditedAccess;
import io.emergencyinbox.core.config.ContinuityPolicy;
import io.emergencyinbox.jmap.access.AccessControlledMethod;
import io.emergencyinbox.jmap.access.AccountIds;
import io.emergencyinbox.jmap.access.AuditingSessionTranslator;
import io.emergencyinbox.jmap.continuity.ContinuityAccessLogQueryMethod;
import io.emergencyinbox.jmap.continuity.ContinuityCapability;
import io.emergencyinbox.jmap.continuity.ContinuityGetMethod;
import io.emergencyinbox.webmail.WebmailRoutes;

/**
 * Our JMAP capability and methods, every JMAP method wrapped by the access policy and audit, and the
 * webmail served under {@code /webmail/} on the JMAP port.
 * Needs our own server assembly: James cannot load JMAP methods from {@code extensions.properties}.
 */
public class ContinuityJmapModule extends AbstractModule {
    @Override
    protected void configure() {
        Multibinder<Method> methods = Multibinder.newSetBinder(binder(), Method.class);
        methods.addBinding().to(ContinuityGetMethod.class);
        methods.addBinding().to(ContinuityAccessLogQueryMethod.class);
        bind(SessionTranslator.class).to(AuditingSessionTranslator.class);
        bind(AuditingSessionTranslator.class).in(Scopes.SINGLETON);
        Multibinder.newSetBinder(binder(), JMAPRoutes.class).addBinding().to(WebmailRoutes.class);
    }

    @ProvidesIntoSet
    CapabilityFactory continuityCapability(ContinuityPolicy policy) {
        return new ContinuityCapability.Factory(policy.inboxMailbox());
    }

    @Provides
    @Singleton
    JMAPApi jmapApi(Set<Method> methods, Set<CapabilityFactory> capabilities, AccountIds accountIds, AuditedAccess access) {
        Set<Method> guarded = methods.stream()
            .map(method -> new AccessControlledMethod(method, accountIds, access))
            .collect(Collectors.toSet());
        return new JMAPApi(guarded, capabilities);
    }
}
