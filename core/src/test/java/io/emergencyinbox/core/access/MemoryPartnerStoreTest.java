package io.emergencyinbox.core.access;

import org.junit.jupiter.api.BeforeEach;

class MemoryPartnerStoreTest implements PartnerStoreContract {
    private MemoryPartnerStore store;

    @BeforeEach
    void setUp() {
        store = new MemoryPartnerStore();
    }

    @Override
    public PartnerStore testee() {
        return store;
    }
}
