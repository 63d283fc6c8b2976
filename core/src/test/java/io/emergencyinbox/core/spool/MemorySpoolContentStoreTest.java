package io.emergencyinbox.core.spool;

import org.junit.jupiter.api.BeforeEach;

class MemorySpoolContentStoreTest implements SpoolContentStoreContract {
    private MemorySpoolContentStore store;

    @BeforeEach
    void setUp() {
        store = new MemorySpoolContentStore();
    }

    @Override
    public SpoolContentStore testee() {
        return store;
    }
}
