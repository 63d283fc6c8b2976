package io.emergencyinbox.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.james.core.Domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;

import io.emergencyinbox.cassandra.organisation.CassandraOrganisationStore;
import io.emergencyinbox.cassandra.schema.SchemaElement;
import io.emergencyinbox.cassandra.testing.CassandraExtension;
import io.emergencyinbox.core.organisation.Organisation;
import io.emergencyinbox.core.organisation.OrganisationId;
import io.emergencyinbox.core.organisation.OrganisationStoreContract;
import io.emergencyinbox.core.route.DownstreamRoute;
import io.emergencyinbox.core.route.TrustedCertificates;
import io.emergencyinbox.testing.DownstreamServer;

class CassandraStoresTest {
    @RegisterExtension
    static CassandraExtension cassandra = new CassandraExtension();

    @Test
    void initialiseShouldCreateEveryTableAndBeRepeatable() {
        CqlIdentifier keyspace = CqlIdentifier.fromInternal(cassandra.keyspace().asInternal() + "_stores");
        KeyspaceSettings settings = new KeyspaceSettings(keyspace, 1, DefaultConsistencyLevel.QUORUM, DefaultConsistencyLevel.SERIAL);

        CassandraStores.initialise(cassandra.storeSession().cqlSession(), settings);
        StoreSession session = CassandraStores.initialise(cassandra.storeSession().cqlSession(), settings);

        assertThat(session.keyspace()).isEqualTo(keyspace);
        assertThat(session.cqlSession().execute(SimpleStatement.newInstance(
                "SELECT table_name FROM system_schema.tables WHERE keyspace_name = ?", keyspace.asInternal()))
            .all().stream().map(row -> row.getString("table_name")).collect(Collectors.toList()))
            .containsExactlyInAnyOrderElementsOf(CassandraStoresSchema.ALL.stream()
                .flatMap(schema -> schema.tables().stream()).map(SchemaElement::name).collect(Collectors.toList()));
        session.cqlSession().execute(SimpleStatement.newInstance("DROP KEYSPACE " + keyspace.asCql(true)));
    }

    /**
     * A keyspace created by a version whose {@code organisations} table had no {@code route_trusted_certificates}
     * (before ADR 57) gets the column at start, keeps its rows, and takes verified routes; two nodes starting on
     * it together both start.
     */
    @Test
    void initialiseShouldAddAColumnALaterVersionDeclaresToATableCreatedBeforeIt() {
        CqlIdentifier keyspace = CqlIdentifier.fromInternal(cassandra.keyspace().asInternal() + "_upgrade");
        KeyspaceSettings settings = new KeyspaceSettings(keyspace, 1, DefaultConsistencyLevel.QUORUM, DefaultConsistencyLevel.SERIAL);
        StoreSession driver = cassandra.storeSession();
        driver.cqlSession().execute(SimpleStatement.newInstance("CREATE KEYSPACE " + keyspace.asCql(true)
            + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}"));
        driver.cqlSession().execute(SimpleStatement.newInstance("CREATE TABLE " + keyspace.asCql(true) + ".organisations ("
            + " organisation text PRIMARY KEY, display_name text, domains set<text>, partner text,"
            + " route_targets list<frozen<tuple<text, int, int>>>, route_tls text, route_connect_timeout_ms bigint,"
            + " route_command_timeout_ms bigint, route_username text, route_password text)"));
        driver.cqlSession().execute(SimpleStatement.newInstance("INSERT INTO " + keyspace.asCql(true)
            + ".organisations (organisation, display_name, domains) VALUES ('acme', 'Acme Corp', {'acme.com'})"));
        assertThat(columnsOf(driver, keyspace)).doesNotContain("route_trusted_certificates");

        StoreSession upgraded = CassandraStores.initialise(driver.cqlSession(), settings);
        CassandraStores.initialise(cassandra.anotherNodeSession().cqlSession(), settings);

        assertThat(columnsOf(driver, keyspace)).contains("route_trusted_certificates");
        CassandraOrganisationStore store = new CassandraOrganisationStore(upgraded);
        OrganisationId acme = OrganisationId.of("acme");
        assertThat(store.get(acme).block().domains()).containsExactly(Domain.of("acme.com"));
        DownstreamRoute verified = OrganisationStoreContract.ROUTE.verifiedWith(TrustedCertificates.parse(DownstreamServer.certificatePem()));
        store.setRoute(acme, Optional.of(verified)).block();
        assertThat(store.get(acme).block().route()).contains(verified);
        store.create(new Organisation(OrganisationId.of("globex"), "Globex", Set.of(Domain.of("globex.com")),
            Optional.empty(), Optional.of(verified))).block();
        assertThat(store.get(OrganisationId.of("globex")).block().route()).contains(verified);
        driver.cqlSession().execute(SimpleStatement.newInstance("DROP KEYSPACE " + keyspace.asCql(true)));
    }

    private static Set<String> columnsOf(StoreSession session, CqlIdentifier keyspace) {
        return session.cqlSession().execute(SimpleStatement.newInstance(
                "SELECT column_name FROM system_schema.columns WHERE keyspace_name = ? AND table_name = 'organisations'",
                keyspace.asInternal()))
            .all().stream().map(row -> row.getString("column_name")).collect(Collectors.toSet());
    }

    /**
     * Callers chain blocking work on store results (James's mailbox appends, another store call and its
     * block()): were it run on the driver's I/O thread, that thread could not deliver the inner result.
     */
    @Test
    void aCallerBlockingOnAnotherQueryInsideAContinuationShouldGetItsResult() {
        StoreSession session = cassandra.storeSession();
        PreparedStatement version = session.prepare("SELECT release_version FROM system.local");

        String nested = session.row(version.bind())
            .map(outer -> session.row(version.bind()).block(Duration.ofSeconds(20)).getString("release_version"))
            .block(Duration.ofSeconds(30));

        assertThat(nested).startsWith("5.");
    }
}
