package io.emergencyinbox.cassandra.policy;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.emergencyinbox.cassandra.testing.CassandraExtension;
import io.emergencyinbox.core.policy.OrganisationPolicyStore;
import io.emergencyinbox.core.policy.OrganisationPolicyStoreContract;

class CassandraOrganisationPolicyStoreTest implements OrganisationPolicyStoreContract {
    @RegisterExtension
    static CassandraExtension cassandra = new CassandraExtension(PolicyTables.SCHEMA);

    private CassandraOrganisationPolicyStore store;

    @BeforeEach
    void setUp() {
        store = new CassandraOrganisationPolicyStore(cassandra.storeSession());
    }

    @Override
    public OrganisationPolicyStore testee() {
        return store;
    }
}
