package io.emergencyinbox.core.access;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.james.core.Username;
import org.junit.jupiter.api.Test;

import io.emergencyinbox.core.organisation.OrganisationId;
import io.emergencyinbox.core.organisation.PartnerId;

public interface RoleStoreContract {
    Username ANN = Username.of("ann@acme.test");
    Username BEN = Username.of("ben@acme.test");
    Role ACME_ADMIN = Role.organisationAdmin(OrganisationId.of("acme"));
    Role GLOBEX_ADMIN = Role.organisationAdmin(OrganisationId.of("globex"));
    Role CHANNEL_ADMIN = Role.partnerAdmin(PartnerId.of("channel"));

    RoleStore testee();

    @Test
    default void aUserWithoutGrantsShouldHaveNoRole() {
        assertThat(testee().rolesOf(ANN).collectList().block()).isEmpty();
    }

    @Test
    default void grantedRolesShouldBeListed() {
        testee().grant(ANN, ACME_ADMIN).block();
        testee().grant(ANN, CHANNEL_ADMIN).block();

        assertThat(testee().rolesOf(ANN).collectList().block()).containsExactlyInAnyOrder(ACME_ADMIN, CHANNEL_ADMIN);
        assertThat(testee().rolesOf(BEN).collectList().block()).isEmpty();
    }

    @Test
    default void grantingTwiceShouldBeIdempotent() {
        testee().grant(ANN, ACME_ADMIN).block();
        testee().grant(ANN, ACME_ADMIN).block();

        assertThat(testee().rolesOf(ANN).collectList().block()).containsExactly(ACME_ADMIN);
    }

    @Test
    default void revokingShouldRemoveOnlyThatRoleAndBeIdempotent() {
        testee().grant(ANN, ACME_ADMIN).block();
        testee().grant(ANN, GLOBEX_ADMIN).block();

        testee().revoke(ANN, ACME_ADMIN).block();
        testee().revoke(ANN, ACME_ADMIN).block();

        assertThat(testee().rolesOf(ANN).collectList().block()).containsExactly(GLOBEX_ADMIN);
    }

    @Test
    default void holdersShouldListTheUsersOfARole() {
        testee().grant(ANN, ACME_ADMIN).block();
        testee().grant(BEN, ACME_ADMIN).block();
        testee().grant(BEN, GLOBEX_ADMIN).block();

        assertThat(testee().holders(ACME_ADMIN).collectList().block()).containsExactlyInAnyOrder(ANN, BEN);
        assertThat(testee().holders(GLOBEX_ADMIN).collectList().block()).containsExactly(BEN);
        assertThat(testee().holders(CHANNEL_ADMIN).collectList().block()).isEmpty();
    }

    @Test
    default void revokeAllShouldRemoveTheRoleFromEveryone() {
        testee().grant(ANN, ACME_ADMIN).block();
        testee().grant(BEN, ACME_ADMIN).block();
        testee().grant(BEN, GLOBEX_ADMIN).block();

        testee().revokeAll(ACME_ADMIN).block();

        assertThat(testee().holders(ACME_ADMIN).collectList().block()).isEmpty();
        assertThat(testee().rolesOf(BEN).collectList().block()).containsExactly(GLOBEX_ADMIN);
    }
}
