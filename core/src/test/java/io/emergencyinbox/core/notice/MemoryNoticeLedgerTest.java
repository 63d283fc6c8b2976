package io.emergencyinbox.core.notice;

import org.junit.jupiter.api.BeforeEach;

class MemoryNoticeLedgerTest implements NoticeLedgerContract {
    private MemoryNoticeLedger ledger;

    @BeforeEach
    void setUp() {
        ledger = new MemoryNoticeLedger();
    }

    @Override
    public NoticeLedger testee() {
        return ledger;
    }
}
