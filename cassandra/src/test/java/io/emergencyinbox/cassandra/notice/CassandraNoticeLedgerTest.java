package io.emergencyinbox.cassandra.notice;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.emergencyinbox.cassandra.testing.CassandraExtension;
import io.emergencyinbox.core.notice.NoticeLedger;
import io.emergencyinbox.core.notice.NoticeLedgerContract;

class CassandraNoticeLedgerTest implements NoticeLedgerContract {
    @RegisterExtension
    static CassandraExtension cassandra = new CassandraExtension(NoticeLedgerTables.SCHEMA);

    private CassandraNoticeLedger ledger;

    @BeforeEach
    void setUp() {
        ledger = new CassandraNoticeLedger(cassandra.storeSession());
    }

    @Override
    public NoticeLedger testee() {
        return ledger;
    }
}
