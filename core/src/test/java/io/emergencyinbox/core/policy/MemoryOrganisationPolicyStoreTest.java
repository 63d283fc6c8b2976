package io.emergencyinbox.core.policy;

import org.junit.jupiter.api.BeforeEach;

class MemoryOrganisationPolicyStoreTest implements OrganisationPolicyStoreContract {
    private MemoryOrganisationPolicyStore store;

    @BeforeEach
    void setUp() {
        store = new MemoryOrganisationPolicyStore();
    }

    @Override
    public OrganisationPolicyStore testee() {
        return store;
    }
}
