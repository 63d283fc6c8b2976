package io.emergencyinbox.guice;

import javax.inject.Singleton;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;

import io.emergencyinbox.core.config.ContinuityPolicy;
import io.emergencyinbox.core.delivery.DownstreamTransport;
import io.emergencyinbox.core.delivery.SmtpDownstreamTransport;
import io.emergencyinbox.core.engine.ContinuityEngine;
import io.emergencyinbox.core.engine.ContinuityMetrics;
import io.emergencyinbox.core.engine.DrainScheduler;
import io.emergencyinbox.core.engine.HealthProber;
import io.emergencyinbox.core.engine.InboundRouter;
import io.emergencyinbox.core.engine.InboxJanitor;
import io.emergencyinbox.core.engine.NoticeScheduler;
import io.emergencyinbox.core.engine.OrganisationDeletion;
import io.emergencyinbox.core.engine.SpoolAdministration;
import io.emergencyinbox.core.engine.SpoolDelivery;
import io.emergencyinbox.core.engine.SpoolReturns;
import io.emergencyinbox.core.engine.SpoolWriter;
import io.emergencyinbox.core.health.HealthTracker;
import io.emergencyinbox.core.inbox.EmergencyInbox;
import io.emergencyinbox.core.notice.DsnNotifier;
import io.emergencyinbox.core.notice.NoticeSchedules;
import io.emergencyinbox.core.notice.NoticeTransport;
import io.emergencyinbox.core.notice.SenderNotifier;
import io.emergencyinbox.mailets.MailetNoticeTransport;
import io.emergencyinbox.mailets.inbox.MailboxEmergencyInbox;
import io.emergencyinbox.mailets.metrics.JamesContinuityMetrics;

/**
 * The continuity engine and its James adapters, as singletons. Plain bindings only, so it also works
 * in the child injector of a stock James ({@code guice.extension.module}); what starts the engine is
 * {@link ContinuityEngineLifecycle}.
 */
public class ContinuityEngineModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(HealthTracker.class).in(Scopes.SINGLETON);
        bind(NoticeSchedules.class).in(Scopes.SINGLETON);
        bind(SpoolWriter.class).in(Scopes.SINGLETON);
        bind(InboundRouter.class).in(Scopes.SINGLETON);
        bind(SpoolDelivery.class).in(Scopes.SINGLETON);
        bind(DrainScheduler.class).in(Scopes.SINGLETON);
        bind(NoticeScheduler.class).in(Scopes.SINGLETON);
        bind(HealthProber.class).in(Scopes.SINGLETON);
        bind(InboxJanitor.class).in(Scopes.SINGLETON);
        bind(SpoolReturns.class).in(Scopes.SINGLETON);
        bind(SpoolAdministration.class).in(Scopes.SINGLETON);
        bind(OrganisationDeletion.class).in(Scopes.SINGLETON);
        bind(ContinuityEngine.class).in(Scopes.SINGLETON);
        bind(ContinuityEngineLifecycle.class).in(Scopes.SINGLETON);

        bind(SenderNotifier.class).to(DsnNotifier.class);
        bind(DsnNotifier.class).in(Scopes.SINGLETON);
        bind(NoticeTransport.class).to(MailetNoticeTransport.class);
        bind(MailetNoticeTransport.class).in(Scopes.SINGLETON);
        bind(EmergencyInbox.class).to(MailboxEmergencyInbox.class);
        bind(MailboxEmergencyInbox.class).in(Scopes.SINGLETON);
        bind(ContinuityMetrics.class).to(JamesContinuityMetrics.class);
        bind(JamesContinuityMetrics.class).in(Scopes.SINGLETON);
    }

    @Provides
    @Singleton
    DownstreamTransport downstreamTransport(ContinuityPolicy policy) {
        return new SmtpDownstreamTransport(policy.heloName());
    }
}
