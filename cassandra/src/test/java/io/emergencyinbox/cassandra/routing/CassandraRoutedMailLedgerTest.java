package io.emergencyinbox.cassandra.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;

import io.emergencyinbox.cassandra.testing.CassandraExtension;
import io.emergencyinbox.core.routing.RoutedMailLedger;
import io.emergencyinbox.core.routing.RoutedMailLedgerContract;

class CassandraRoutedMailLedgerTest implements RoutedMailLedgerContract {
    @RegisterExtension
    static CassandraExtension cassandra = new CassandraExtension(RoutedMailTables.SCHEMA);

    private CassandraRoutedMailLedger ledger;

    @BeforeEach
    void setUp() {
        ledger = new CassandraRoutedMailLedger(cassandra.storeSession(), Clock.systemUTC());
    }

    @Override
    public RoutedMailLedger testee() {
        return ledger;
    }

    @Test
    void aRecordShouldExpireByItselfAfterTheRetention() {
        ledger.record(RoutedMailLedger.key("Mail1-a", "acme")).block();

        Row row = cassandra.storeSession().cqlSession().execute(SimpleStatement.newInstance(
            "SELECT TTL(routed_at) AS ttl FROM " + cassandra.storeSession().keyspace().asCql(true) + "."
                + RoutedMailTables.ROUTED_MAILS.name() + " WHERE mail_key = ?", RoutedMailLedger.key("Mail1-a", "acme"))).one();

        int retention = (int) RoutedMailLedger.RETENTION.toSeconds();
        assertThat(row.getInt("ttl")).isBetween(retention - 60, retention);
    }
}
