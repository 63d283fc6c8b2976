package io.emergencyinbox.cassandra.access;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.emergencyinbox.cassandra.testing.CassandraExtension;
import io.emergencyinbox.core.access.PartnerStore;
import io.emergencyinbox.core.access.PartnerStoreContract;

class CassandraPartnerStoreTest implements PartnerStoreContract {
    @RegisterExtension
    static CassandraExtension cassandra = new CassandraExtension(AccessTables.PARTNER_SCHEMA);

    private CassandraPartnerStore store;

    @BeforeEach
    void setUp() {
        store = new CassandraPartnerStore(cassandra.storeSession());
    }

    @Override
    public PartnerStore testee() {
        return store;
    }
}
