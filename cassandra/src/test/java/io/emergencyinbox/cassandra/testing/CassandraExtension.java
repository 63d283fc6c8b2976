package io.emergencyinbox.cassandra.testing;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;

import io.emergencyinbox.cassandra.StoreSession;
import io.emergencyinbox.cassandra.schema.KeyspaceSchema;
import io.emergencyinbox.cassandra.schema.StoreSchema;

/**
 * Gives a test class a real Cassandra: the JVM's one shared server (see {@link SharedCassandra}), a keyspace
 * of the class's own holding the given stores' schema, emptied before each test by truncating those tables,
 * and dropped after the class. Register it as a static field:
 * <pre>{@code @RegisterExtension static CassandraExtension cassandra = new CassandraExtension(SpoolTables.SCHEMA);}</pre>
 */
public class CassandraExtension implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
    private static final AtomicInteger KEYSPACES = new AtomicInteger();

    private final List<StoreSchema> schemas;
    private CqlSession anotherNode;
    private CqlIdentifier keyspace;

    public CassandraExtension(StoreSchema... schemas) {
        this.schemas = List.of(schemas);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        keyspace = CqlIdentifier.fromInternal("test_" + ProcessHandle.current().pid() + "_" + KEYSPACES.incrementAndGet());
        KeyspaceSchema schema = new KeyspaceSchema(SharedCassandra.get().session(), keyspace);
        schema.createKeyspace(1);
        schema.create(schemas);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        CqlSession session = SharedCassandra.get().session();
        schemas.stream().flatMap(schema -> schema.tables().stream())
            .forEach(table -> session.execute(SimpleStatement.newInstance("TRUNCATE " + table.qualifiedName(keyspace))));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (anotherNode != null) {
            anotherNode.close();
            anotherNode = null;
        }
        SharedCassandra.get().session().execute(SimpleStatement.newInstance("DROP KEYSPACE IF EXISTS " + keyspace.asCql(true)));
    }

    public CqlIdentifier keyspace() {
        return keyspace;
    }

    /** Our store session over the shared driver session, as one gateway node has. */
    public StoreSession storeSession() {
        return storeSession(SharedCassandra.get().session());
    }

    /** Our store session over a driver session of its own, as another gateway node has; closed after the class. */
    public StoreSession anotherNodeSession() {
        if (anotherNode == null) {
            anotherNode = SharedCassandra.get().openSession();
        }
        return storeSession(anotherNode);
    }

    private StoreSession storeSession(CqlSession session) {
        return new StoreSession(session, keyspace, ConsistencyLevel.QUORUM, ConsistencyLevel.SERIAL);
    }
}
