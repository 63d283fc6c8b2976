package io.emergencyinbox.core.inbox;

import org.junit.jupiter.api.BeforeEach;

class MemoryRetentionLedgerTest implements RetentionLedgerContract {
    private MemoryRetentionLedger ledger;

    @BeforeEach
    void setUp() {
        ledger = new MemoryRetentionLedger();
    }

    @Override
    public RetentionLedger testee() {
        return ledger;
    }
}
