package io.emergencyinbox.guice;

import java.nio.file.Path;

import javax.inject.Singleton;

import org.apache.james.filesystem.api.JamesDirectoriesProvider;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;

import io.emergencyinbox.core.access.AuditLog;
import io.emergencyinbox.core.access.MemoryAuditLog;
import io.emergencyinbox.core.access.MemoryPartnerStore;
import io.emergencyinbox.core.access.MemoryRoleStore;
import io.emergencyinbox.core.access.PartnerStore;
import io.emergencyinbox.core.access.RoleStore;
import io.emergencyinbox.core.config.ContinuityPolicy;
import io.emergencyinbox.core.health.DownstreamStateStore;
import io.emergencyinbox.core.health.MemoryDownstreamStateStore;
import io.emergencyinbox.core.inbox.MemoryRetentionLedger;
import io.emergencyinbox.core.inbox.RetentionLedger;
import io.emergencyinbox.core.notice.MemoryNoticeLedger;
import io.emergencyinbox.core.notice.NoticeLedger;
import io.emergencyinbox.core.organisation.MemoryOrganisationStore;
import io.emergencyinbox.core.organisation.OrganisationStore;
import io.emergencyinbox.core.outage.MemoryOutageStore;
import io.emergencyinbox.core.outage.OutageStore;
import io.emergencyinbox.core.policy.MemoryOrganisationPolicyStore;
import io.emergencyinbox.core.policy.OrganisationPolicyStore;
import io.emergencyinbox.core.routing.RoutedMailLedger;
import io.emergencyinbox.core.spool.FileSpoolContentStore;
import io.emergencyinbox.core.spool.MemorySpoolLeases;
import io.emergencyinbox.core.spool.MemorySpoolStore;
import io.emergencyinbox.core.spool.SpoolContentStore;
import io.emergencyinbox.core.spool.SpoolLeases;
import io.emergencyinbox.core.spool.SpoolStore;

/**
 * The embedded stores: metadata in memory, spooled message content in files under
 * {@code spool.directory} (relative to the working directory), so content never lives in the heap.
 */
public class MemoryContinuityStoresModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(OrganisationStore.class).to(MemoryOrganisationStore.class);
        bind(MemoryOrganisationStore.class).in(Scopes.SINGLETON);
        bind(DownstreamStateStore.class).to(MemoryDownstreamStateStore.class);
        bind(MemoryDownstreamStateStore.class).in(Scopes.SINGLETON);
        bind(OutageStore.class).to(MemoryOutageStore.class);
        bind(MemoryOutageStore.class).in(Scopes.SINGLETON);
        bind(SpoolStore.class).to(MemorySpoolStore.class);
        bind(MemorySpoolStore.class).in(Scopes.SINGLETON);
        bind(SpoolLeases.class).to(MemorySpoolLeases.class);
        bind(MemorySpoolLeases.class).in(Scopes.SINGLETON);
        bind(NoticeLedger.class).to(MemoryNoticeLedger.class);
        bind(MemoryNoticeLedger.class).in(Scopes.SINGLETON);
        bind(OrganisationPolicyStore.class).to(MemoryOrganisationPolicyStore.class);
        bind(MemoryOrganisationPolicyStore.class).in(Scopes.SINGLETON);
        bind(RoleStore.class).to(MemoryRoleStore.class);
        bind(MemoryRoleStore.class).in(Scopes.SINGLETON);
        bind(PartnerStore.class).to(MemoryPartnerStore.class);
        bind(MemoryPartnerStore.class).in(Scopes.SINGLETON);
        bind(AuditLog.class).to(MemoryAuditLog.class);
        bind(MemoryAuditLog.class).in(Scopes.SINGLETON);
        bind(RetentionLedger.class).to(MemoryRetentionLedger.class);
        // The memory mail queue loses its mails with the process: none is ever handed over twice (ADR 0054).
        bind(RoutedMailLedger.class).toInstance(RoutedMailLedger.none());
        bind(MemoryRetentionLedger.class).in(Scopes.SINGLETON);
    }

    @Provides
    @Singleton
    SpoolContentStore spoolContentStore(ContinuityPolicy policy, JamesDirectoriesProvider directories) {
        Path configured = Path.of(policy.spoolDirectory());
        Path directory = configured.isAbsolute() ? configured : Path.of(directories.getRootDirectory()).resolve(configured);
        return new FileSpoolContentStore(directory, policy.spoolFsync());
    }
}
