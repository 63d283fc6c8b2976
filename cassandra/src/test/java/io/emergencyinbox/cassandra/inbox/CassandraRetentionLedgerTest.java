package io.emergencyinbox.cassandra.inbox;

import java.time.Clock;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.emergencyinbox.cassandra.testing.CassandraExtension;
import io.emergencyinbox.core.inbox.RetentionLedger;
import io.emergencyinbox.core.inbox.RetentionLedgerContract;

class CassandraRetentionLedgerTest implements RetentionLedgerContract {
    @RegisterExtension
    static CassandraExtension cassandra = new CassandraExtension(RetentionLedgerTables.SCHEMA);

    private CassandraRetentionLedger ledger;

    @BeforeEach
    void setUp() {
        ledger = new CassandraRetentionLedger(cassandra.storeSession(), Clock.systemUTC());
    }

    @Override
    public RetentionLedger testee() {
        return ledger;
    }
}
