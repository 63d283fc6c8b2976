package io.emergencyinbox.cassandra.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.emergencyinbox.cassandra.testing.CassandraExtension;
import io.emergencyinbox.core.access.AuditEntry;
import io.emergencyinbox.core.access.AuditLog;
import io.emergencyinbox.core.access.AuditLogContract;
import io.emergencyinbox.core.access.AuditQuery;

class CassandraAuditLogTest implements AuditLogContract {
    @RegisterExtension
    static CassandraExtension cassandra = new CassandraExtension(AccessTables.AUDIT_SCHEMA);

    private CassandraAuditLog log;

    @BeforeEach
    void setUp() {
        log = new CassandraAuditLog(cassandra.storeSession());
    }

    @Override
    public AuditLog testee() {
        return log;
    }

    @Test
    void entriesOfSeveralDaysShouldBeReadNewestFirstAcrossDayPartitions() {
        for (int day = 0; day < 4; day++) {
            log.record(access(T0.plus(Duration.ofDays(day)))).block();
        }

        assertThat(log.query(AuditQuery.ofTarget(ALICE, 3)).map(AuditEntry::at).collectList().block())
            .containsExactly(T0.plus(Duration.ofDays(3)), T0.plus(Duration.ofDays(2)), T0.plus(Duration.ofDays(1)));
        assertThat(log.query(new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(),
                T0.plus(Duration.ofDays(1)), T0.plus(Duration.ofDays(3)), 10)).map(AuditEntry::at).collectList().block())
            .containsExactly(T0.plus(Duration.ofDays(2)), T0.plus(Duration.ofDays(1)));
    }

    @Test
    void aFilterOnTargetAndActorShouldKeepOnlyEntriesMatchingBoth() {
        log.record(access(T0)).block();
        log.record(new AuditEntry(T0.plusSeconds(1), EVE, ALICE, Optional.of(ACME), "Email/get", false, "not an administrator")).block();

        assertThat(log.query(new AuditQuery(Optional.empty(), Optional.of(EVE), Optional.of(ALICE), Instant.EPOCH, Instant.MAX, 10))
                .map(AuditEntry::actor).collectList().block())
            .containsExactly(EVE);
    }

    private static AuditEntry access(Instant at) {
        return new AuditEntry(at, ADMIN, ALICE, Optional.of(ACME), "Email/get", true, "administrator of acme");
    }
}
