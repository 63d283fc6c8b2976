package io.emergencyinbox.core.organisation;

import org.junit.jupiter.api.BeforeEach;

class MemoryOrganisationStoreTest implements OrganisationStoreContract {
    private MemoryOrganisationStore store;

    @BeforeEach
    void setUp() {
        store = new MemoryOrganisationStore();
    }

    @Override
    public OrganisationStore testee() {
        return store;
    }
}
