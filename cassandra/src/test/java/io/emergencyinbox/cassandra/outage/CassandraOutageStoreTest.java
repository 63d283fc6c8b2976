package io.emergencyinbox.cassandra.outage;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.emergencyinbox.cassandra.testing.CassandraExtension;
import io.emergencyinbox.core.outage.OutageStore;
import io.emergencyinbox.core.outage.OutageStoreContract;

class CassandraOutageStoreTest implements OutageStoreContract {
    @RegisterExtension
    static CassandraExtension cassandra = new CassandraExtension(OutageTables.SCHEMA);

    private CassandraOutageStore store;

    @BeforeEach
    void setUp() {
        store = new CassandraOutageStore(cassandra.storeSession());
    }

    @Override
    public OutageStore testee() {
        return store;
    }
}
