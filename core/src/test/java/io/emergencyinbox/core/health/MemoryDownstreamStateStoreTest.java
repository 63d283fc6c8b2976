package io.emergencyinbox.core.health;

import org.junit.jupiter.api.BeforeEach;

class MemoryDownstreamStateStoreTest implements DownstreamStateStoreContract {
    private MemoryDownstreamStateStore store;

    @BeforeEach
    void setUp() {
        store = new MemoryDownstreamStateStore();
    }

    @Override
    public DownstreamStateStore testee() {
        return store;
    }
}
