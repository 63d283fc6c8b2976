package io.emergencyinbox.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;

import io.emergencyinbox.cassandra.schema.SchemaElement;
import io.emergencyinbox.cassandra.testing.CassandraExtension;

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
