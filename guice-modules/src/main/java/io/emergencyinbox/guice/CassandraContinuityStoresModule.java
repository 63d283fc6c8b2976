package io.emergencyinbox.guice;

import java.io.FileNotFoundException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.utils.PropertiesProvider;

import com.datastax.oss.driver.api.core.CqlSession;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;

import io.emergencyinbox.cassandra.CassandraStores;
import io.emergencyinbox.cassandra.KeyspaceSettings;
import io.emergencyinbox.cassandra.SessionSettings;
import io.emergencyinbox.cassandra.StoreSession;
import io.emergencyinbox.cassandra.access.CassandraAuditLog;
import io.emergencyinbox.cassandra.access.CassandraPartnerStore;
import io.emergencyinbox.cassandra.access.CassandraRoleStore;
import io.emergencyinbox.cassandra.health.CassandraDownstreamStateStore;
import io.emergencyinbox.cassandra.inbox.CassandraRetentionLedger;
import io.emergencyinbox.cassandra.notice.CassandraNoticeLedger;
import io.emergencyinbox.cassandra.organisation.CassandraOrganisationStore;
import io.emergencyinbox.cassandra.outage.CassandraOutageStore;
import io.emergencyinbox.cassandra.policy.CassandraOrganisationPolicyStore;
import io.emergencyinbox.cassandra.routing.CassandraRoutedMailLedger;
import io.emergencyinbox.cassandra.spool.CassandraSpoolContentStore;
import io.emergencyinbox.cassandra.spool.CassandraSpoolLeases;
import io.emergencyinbox.cassandra.spool.CassandraSpoolStore;
import io.emergencyinbox.core.access.AuditLog;
import io.emergencyinbox.core.access.PartnerStore;
import io.emergencyinbox.core.access.RoleStore;
import io.emergencyinbox.core.config.StrictProperties;
import io.emergencyinbox.core.health.DownstreamStateStore;
import io.emergencyinbox.core.inbox.RetentionLedger;
import io.emergencyinbox.core.notice.NoticeLedger;
import io.emergencyinbox.core.organisation.OrganisationStore;
import io.emergencyinbox.core.outage.OutageStore;
import io.emergencyinbox.core.policy.OrganisationPolicyStore;
import io.emergencyinbox.core.routing.RoutedMailLedger;
import io.emergencyinbox.core.spool.SpoolContentStore;
import io.emergencyinbox.core.spool.SpoolLeases;
import io.emergencyinbox.core.spool.SpoolStore;

/**
 * Every continuity store on Cassandra (docs/cassandra.md), for gateways running as several nodes. Two ways:
 * <ul>
 *   <li>{@link #withJamesSession()}: in a James distributed server, on the {@link CqlSession} James binds;
 *   our settings (keyspace, replication, consistency) come from {@code conf/emergency-inbox-cassandra.properties},
 *   since {@code cassandra.properties} is James's own there;</li>
 *   <li>{@link #withOwnSession()}: in a server without Cassandra of its own (our memory-based assembly), opening
 *   a session from {@code conf/cassandra.properties}, which also names the nodes and datacenter.</li>
 * </ul>
 * Either way the keyspace and tables are created at start when missing, and every key is checked strictly.
 * The {@code Clock} is James's own binding.
 */
public class CassandraContinuityStoresModule extends AbstractModule {
    static final String OWN_SESSION_FILE = "cassandra";
    static final String JAMES_SESSION_FILE = "emergency-inbox-cassandra";

    public static CassandraContinuityStoresModule withJamesSession() {
        return new CassandraContinuityStoresModule(false);
    }

    public static CassandraContinuityStoresModule withOwnSession() {
        return new CassandraContinuityStoresModule(true);
    }

    private final boolean ownSession;

    private CassandraContinuityStoresModule(boolean ownSession) {
        this.ownSession = ownSession;
    }

    @Override
    protected void configure() {
        bind(OrganisationStore.class).to(CassandraOrganisationStore.class);
        bind(CassandraOrganisationStore.class).in(Scopes.SINGLETON);
        bind(DownstreamStateStore.class).to(CassandraDownstreamStateStore.class);
        bind(CassandraDownstreamStateStore.class).in(Scopes.SINGLETON);
        bind(OutageStore.class).to(CassandraOutageStore.class);
        bind(CassandraOutageStore.class).in(Scopes.SINGLETON);
        bind(SpoolStore.class).to(CassandraSpoolStore.class);
        bind(CassandraSpoolStore.class).in(Scopes.SINGLETON);
        bind(SpoolContentStore.class).to(CassandraSpoolContentStore.class);
        bind(CassandraSpoolContentStore.class).in(Scopes.SINGLETON);
        bind(SpoolLeases.class).to(CassandraSpoolLeases.class);
        bind(CassandraSpoolLeases.class).in(Scopes.SINGLETON);
        bind(NoticeLedger.class).to(CassandraNoticeLedger.class);
        bind(CassandraNoticeLedger.class).in(Scopes.SINGLETON);
        bind(RetentionLedger.class).to(CassandraRetentionLedger.class);
        bind(CassandraRetentionLedger.class).in(Scopes.SINGLETON);
        bind(RoutedMailLedger.class).to(CassandraRoutedMailLedger.class);
        bind(CassandraRoutedMailLedger.class).in(Scopes.SINGLETON);
        bind(OrganisationPolicyStore.class).to(CassandraOrganisationPolicyStore.class);
        bind(CassandraOrganisationPolicyStore.class).in(Scopes.SINGLETON);
        bind(RoleStore.class).to(CassandraRoleStore.class);
        bind(CassandraRoleStore.class).in(Scopes.SINGLETON);
        bind(PartnerStore.class).to(CassandraPartnerStore.class);
        bind(CassandraPartnerStore.class).in(Scopes.SINGLETON);
        bind(AuditLog.class).to(CassandraAuditLog.class);
        bind(CassandraAuditLog.class).in(Scopes.SINGLETON);
        if (ownSession) {
            install(new AbstractModule() {
                @Override
                protected void configure() {
                    bind(OwnSession.class).in(Scopes.SINGLETON);
                }

                @Provides
                @Singleton
                CqlSession session(OwnSession own) {
                    return own.session;
                }
            });
        }
    }

    /**
     * The session we open, closed when James stops (a session James provides is James's to close). Built by
     * Guice, so that James's life cycle sees its {@code @PreDestroy}.
     */
    public static final class OwnSession {
        private final CqlSession session;

        /** The settings file is checked as a whole ({@link KeyspaceSettings}) before connecting. */
        @Inject
        public OwnSession(SessionSettings settings, KeyspaceSettings checkedFileFirst) {
            this.session = settings.openSession();
        }

        @PreDestroy
        public void close() {
            session.close();
        }
    }

    /** Strict: unknown keys and bad values stop start-up naming the file and the key. */
    @Provides
    @Singleton
    KeyspaceSettings keyspaceSettings(PropertiesProvider propertiesProvider) throws ConfigurationException {
        StrictProperties properties = settingsFile(propertiesProvider);
        KeyspaceSettings settings = KeyspaceSettings.parse(properties);
        if (ownSession) {
            SessionSettings.parse(properties);
        }
        properties.rejectUnknownKeys();
        return settings;
    }

    /** Only used with our own session; the file was checked as a whole by {@link #keyspaceSettings}. */
    @Provides
    @Singleton
    SessionSettings sessionSettings(PropertiesProvider propertiesProvider) throws ConfigurationException {
        return SessionSettings.parse(settingsFile(propertiesProvider));
    }

    @Provides
    @Singleton
    StoreSession storeSession(CqlSession session, KeyspaceSettings settings) {
        return CassandraStores.initialise(session, settings);
    }

    private StrictProperties settingsFile(PropertiesProvider propertiesProvider) throws ConfigurationException {
        String name = ownSession ? OWN_SESSION_FILE : JAMES_SESSION_FILE;
        try {
            return new StrictProperties(name + ".properties", asMap(propertiesProvider.getConfiguration(name)));
        } catch (FileNotFoundException e) {
            return new StrictProperties(name + ".properties", Map.of());
        }
    }

    private static Map<String, String> asMap(Configuration configuration) {
        Map<String, String> values = new LinkedHashMap<>();
        Iterator<String> keys = configuration.getKeys();
        while (keys.hasNext()) {
            String key = keys.next();
            values.put(key, String.join(",", configuration.getStringArray(key)));
        }
        return values;
    }
}
