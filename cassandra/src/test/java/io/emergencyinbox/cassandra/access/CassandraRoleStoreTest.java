package io.emergencyinbox.cassandra.access;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.emergencyinbox.cassandra.testing.CassandraExtension;
import io.emergencyinbox.core.access.RoleStore;
import io.emergencyinbox.core.access.RoleStoreContract;

class CassandraRoleStoreTest implements RoleStoreContract {
    @RegisterExtension
    static CassandraExtension cassandra = new CassandraExtension(AccessTables.ROLE_SCHEMA);

    private CassandraRoleStore store;

    @BeforeEach
    void setUp() {
        store = new CassandraRoleStore(cassandra.storeSession());
    }

    @Override
    public RoleStore testee() {
        return store;
    }
}
