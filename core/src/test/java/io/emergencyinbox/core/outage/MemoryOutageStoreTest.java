package io.emergencyinbox.core.outage;

import org.junit.jupiter.api.BeforeEach;

class MemoryOutageStoreTest implements OutageStoreContract {
    private MemoryOutageStore store;

    @BeforeEach
    void setUp() {
        store = new MemoryOutageStore();
    }

    @Override
    public OutageStore testee() {
        return store;
    }
}
