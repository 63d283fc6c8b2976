package io.emergencyinbox.cassandra.schema;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;

/**
 * Creates our keyspace and the schema of every store at start-up, each statement {@code IF NOT EXISTS}: a
 * start on an existing keyspace changes nothing, except that a column a later version added to a table
 * ({@link SchemaElement#withAddedColumn}) is added to a table created before it (ADR 59). The keyspace is
 * created with {@code SimpleStrategy} and the configured replication factor; an operator who needs another
 * strategy creates it beforehand.
 */
public final class KeyspaceSchema {
    private static final Logger LOGGER = LoggerFactory.getLogger(KeyspaceSchema.class);

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
        schemas.forEach(schema -> schema.elements().forEach(element -> {
            execute(element.createStatement(keyspace));
            addMissingColumns(element);
        }));
    }

    private void addMissingColumns(SchemaElement table) {
        if (table.addedColumns().isEmpty()) {
            return;
        }
        Set<String> existing = columnsOf(table);
        for (SchemaElement.AddedColumn column : table.addedColumns()) {
            if (existing.contains(column.name())) {
                continue;
            }
            try {
                execute(table.addColumnStatement(keyspace, column));
                LOGGER.info("Schema upgrade: added column {} to table {}", column, table.qualifiedName(keyspace));
            } catch (InvalidQueryException e) {
                // Another node starting at the same time may have added it first; anything else is an error.
                if (!columnsOf(table).contains(column.name())) {
                    throw new IllegalStateException("Cannot add column " + column + " to table "
                        + table.qualifiedName(keyspace) + ": " + e.getMessage(), e);
                }
            }
        }
    }

    private Set<String> columnsOf(SchemaElement table) {
        return StreamSupport.stream(session.execute(SimpleStatement.newInstance(
                "SELECT column_name FROM system_schema.columns WHERE keyspace_name = ? AND table_name = ?",
                keyspace.asInternal(), table.name())).spliterator(), false)
            .map(row -> row.getString("column_name"))
            .collect(Collectors.toSet());
    }

    private void execute(String statement) {
        session.execute(SimpleStatement.newInstance(statement));
    }
}
