package io.emergencyinbox.cassandra.schema;

import java.util.List;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;

/**
 * Creates our keyspace and the schema of every store at start-up, each statement {@code IF NOT EXISTS}: a
 * start on an existing keyspace changes nothing. The keyspace is created with {@code SimpleStrategy} and the
 * configured replication factor; an operator who needs another strategy creates it beforehand.
 */
public final class KeyspaceSchema {
    private final CqlSession session;
    private final CqlIdentifier keyspace;

    public KeyspaceSchema(CqlSession session, CqlIdentifier keyspace) {
        this.session = session;
        this.keyspace = keyspace;
    }

    public void createKeyspace(int replicationFactor) {
        execute("CREATE KEYSPACE IF NOT EXISTS " + keyspace.asCql(true)
            + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': " + replicationFactor + "}");
    }

    public void create(List<StoreSchema> schemas) {
        schemas.forEach(schema -> schema.elements().forEach(element -> execute(element.createStatement(keyspace))));
    }

    private void execute(String statement) {
        session.execute(SimpleStatement.newInstance(statement));
    }
}
