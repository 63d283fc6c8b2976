package io.emergencyinbox.core.spool;

import org.junit.jupiter.api.BeforeEach;

class MemorySpoolLeasesTest implements SpoolLeasesContract {
    private MemorySpoolLeases leases;

    @BeforeEach
    void setUp() {
        leases = new MemorySpoolLeases();
    }

    @Override
    public SpoolLeases testee() {
        return leases;
    }
}
