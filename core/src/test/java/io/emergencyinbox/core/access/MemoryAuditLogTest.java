package io.emergencyinbox.core.access;

import org.junit.jupiter.api.BeforeEach;

class MemoryAuditLogTest implements AuditLogContract {
    private MemoryAuditLog log;

    @BeforeEach
    void setUp() {
        log = new MemoryAuditLog();
    }

    @Override
    public AuditLog testee() {
        return log;
    }
}
