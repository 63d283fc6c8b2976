package io.emergencyinbox.cassandra.spool;

import java.time.Clock;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.emergencyinbox.cassandra.testing.CassandraExtension;
import io.emergencyinbox.core.spool.SpoolStore;
import io.emergencyinbox.core.spool.SpoolStoreContract;

class CassandraSpoolStoreTest implements SpoolStoreContract {
    @RegisterExtension
    static CassandraExtension cassandra = new CassandraExtension(SpoolTables.SCHEMA);

    private CassandraSpoolStore store;

    @BeforeEach
    void setUp() {
        store = new CassandraSpoolStore(cassandra.storeSession(), Clock.systemUTC());
    }

    @Override
    public SpoolStore testee() {
        return store;
    }
}
