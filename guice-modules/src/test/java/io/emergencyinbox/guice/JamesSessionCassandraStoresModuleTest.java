package io.emergencyinbox.guice;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.utils.PropertiesProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.google.inject.Guice;
import com.google.inject.Injector;

import io.emergencyinbox.cassandra.StoreSession;
import io.emergencyinbox.cassandra.spool.CassandraSpoolStore;
import io.emergencyinbox.cassandra.testing.SharedCassandra;
import io.emergencyinbox.core.message.EnvelopeRecipient;
import io.emergencyinbox.core.organisation.OrganisationId;
import io.emergencyinbox.core.spool.SpoolEntry;
import io.emergencyinbox.core.spool.SpoolEntryId;
import io.emergencyinbox.core.spool.SpoolRecipient;
import io.emergencyinbox.core.spool.SpoolStore;

/**
 * What a stock James distributed server gives the module: its own {@code CqlSession} binding (here a session on
 * the test Cassandra, as James's {@code CassandraSessionModule} binds it), its {@code PropertiesProvider} and
 * {@code Clock}. The distributed server itself is not obtainable here (docs/adr/0031).
 */
class JamesSessionCassandraStoresModuleTest {
    private static final String KEYSPACE = "it_james_session";

    @AfterAll
    static void dropKeyspace() {
        SharedCassandra.get().session().execute(SimpleStatement.newInstance("DROP KEYSPACE IF EXISTS " + KEYSPACE));
    }

    @Test
    void theStoresShouldRunOnTheSessionJamesBindsInTheKeyspaceOfTheSettingsFile() throws Exception {
        CqlSession jamesSession = SharedCassandra.get().session();
        Injector injector = Guice.createInjector(new JamesSessionCassandraStoresModule(), binder -> {
            binder.bind(CqlSession.class).toInstance(jamesSession);
            binder.bind(PropertiesProvider.class).toInstance(PropertiesProvider.forTesting());
            binder.bind(Clock.class).toInstance(Clock.systemUTC());
        });

        SpoolStore spool = injector.getInstance(SpoolStore.class);
        StoreSession session = injector.getInstance(StoreSession.class);
        SpoolEntry entry = SpoolEntry.builder()
            .id(SpoolEntryId.random())
            .organisation(OrganisationId.of("acme"))
            .sender(MaybeSender.of(new MailAddress("alice@sender.example")))
            .recipients(List.of(SpoolRecipient.pending(EnvelopeRecipient.of(new MailAddress("bob@acme.test")))))
            .arrival(Instant.parse("2026-12-01T10:00:00Z"))
            .expiry(Instant.parse("2026-12-31T10:00:00Z"))
            .nextAttempt(Instant.parse("2026-12-01T10:00:00Z"))
            .build();
        spool.add(entry).block();

        assertThat(spool).isInstanceOf(CassandraSpoolStore.class);
        assertThat(session.cqlSession()).isSameAs(jamesSession);
        assertThat(session.keyspace().asInternal()).isEqualTo(KEYSPACE);
        assertThat(spool.get(entry.id()).block()).isEqualTo(entry);
        assertThat(jamesSession.execute(SimpleStatement.newInstance("SELECT COUNT(*) FROM " + KEYSPACE + ".spool_entries"))
            .one().getLong(0)).isEqualTo(1);
    }
}
