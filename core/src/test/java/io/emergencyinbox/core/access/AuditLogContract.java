package io.emergencyinbox.core.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;

import org.apache.james.core.Username;
import org.junit.jupiter.api.Test;

import io.emergencyinbox.core.organisation.OrganisationId;

public interface AuditLogContract {
    Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    Username ADMIN = Username.of("admin@acme.test");
    Username ALICE = Username.of("alice@acme.test");
    Username BOB = Username.of("bob@acme.test");
    Username EVE = Username.of("eve@globex.test");
    OrganisationId ACME = OrganisationId.of("acme");

    AuditLog testee();

    private static AuditEntry entry(int minutes, Username actor, Username target, boolean allowed) {
        return new AuditEntry(T0.plusSeconds(60L * minutes), actor, target, Optional.of(ACME), "Email/get", allowed,
            allowed ? "administrator of acme" : "not an administrator of acme");
    }

    @Test
    default void entriesShouldBeReadNewestFirst() {
        testee().record(entry(1, ADMIN, ALICE, true)).block();
        testee().record(entry(3, ADMIN, BOB, true)).block();
        testee().record(entry(2, EVE, ALICE, false)).block();

        assertThat(testee().query(new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), Instant.EPOCH, Instant.MAX, 10))
                .collectList().block())
            .containsExactly(entry(3, ADMIN, BOB, true), entry(2, EVE, ALICE, false), entry(1, ADMIN, ALICE, true));
    }

    @Test
    default void entriesShouldBeFilteredByTargetActorOrganisationAndTime() {
        testee().record(entry(1, ADMIN, ALICE, true)).block();
        testee().record(entry(3, ADMIN, BOB, true)).block();
        testee().record(entry(2, EVE, ALICE, false)).block();
        testee().record(new AuditEntry(T0.plusSeconds(240), EVE, Username.of("x@globex.test"), Optional.of(OrganisationId.of("globex")),
            "Email/query", true, "administrator of globex")).block();

        assertThat(testee().query(AuditQuery.ofTarget(ALICE, 10)).collectList().block())
            .containsExactly(entry(2, EVE, ALICE, false), entry(1, ADMIN, ALICE, true));
        assertThat(testee().query(new AuditQuery(Optional.empty(), Optional.of(ADMIN), Optional.empty(), Instant.EPOCH, Instant.MAX, 10))
                .collectList().block())
            .containsExactly(entry(3, ADMIN, BOB, true), entry(1, ADMIN, ALICE, true));
        assertThat(testee().query(new AuditQuery(Optional.of(ACME), Optional.empty(), Optional.empty(), Instant.EPOCH, Instant.MAX, 10))
                .collectList().block())
            .hasSize(3);
        assertThat(testee().query(new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(),
                T0.plusSeconds(120), T0.plusSeconds(180), 10)).collectList().block())
            .containsExactly(entry(2, EVE, ALICE, false));
    }

    @Test
    default void theLimitShouldKeepTheNewest() {
        for (int minute = 0; minute < 5; minute++) {
            testee().record(entry(minute, ADMIN, ALICE, true)).block();
        }

        assertThat(testee().query(AuditQuery.ofTarget(ALICE, 2)).collectList().block())
            .containsExactly(entry(4, ADMIN, ALICE, true), entry(3, ADMIN, ALICE, true));
    }
}
