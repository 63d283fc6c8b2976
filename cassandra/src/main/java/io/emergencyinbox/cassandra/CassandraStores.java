package io.emergencyinbox.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;

import io.emergencyinbox.cassandra.schema.KeyspaceSchema;

/** Prepares a driver session for our stores: creates the keyspace and every table that is missing. */
public final class CassandraStores {
    private CassandraStores() {
    }

    /** Blocking: run once at start-up. */
    public static StoreSession initialise(CqlSession session, KeyspaceSettings settings) {
        KeyspaceSchema schema = new KeyspaceSchema(session, settings.keyspace());
        schema.createKeyspace(settings.replicationFactor());
        schema.create(CassandraStoresSchema.ALL);
        return new StoreSession(session, settings.keyspace(), settings.regularConsistency(), settings.serialConsistency());
    }
}
