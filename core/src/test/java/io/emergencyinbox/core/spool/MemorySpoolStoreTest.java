package io.emergencyinbox.core.spool;

import org.junit.jupiter.api.BeforeEach;

class MemorySpoolStoreTest implements SpoolStoreContract {
    private MemorySpoolStore store;

    @BeforeEach
    void setUp() {
        store = new MemorySpoolStore();
    }

    @Override
    public SpoolStore testee() {
        return store;
    }
}
