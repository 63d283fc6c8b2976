package io.emergencyinbox.core.access;

import org.junit.jupiter.api.BeforeEach;

class MemoryRoleStoreTest implements RoleStoreContract {
    private MemoryRoleStore store;

    @BeforeEach
    void setUp() {
        store = new MemoryRoleStore();
    }

    @Override
    public RoleStore testee() {
        return store;
    }
}
