package io.emergencyinbox.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.emergencyinbox.core.organisation.OrganisationId;

public interface OrganisationPolicyStoreContract {
    OrganisationId ACME = OrganisationId.of("acme");
    OrganisationId GLOBEX = OrganisationId.of("globex");
    PolicyOverrides SHORT = new PolicyOverrides(Optional.of(Duration.ofDays(5)), Optional.of(Duration.ofHours(1)), Optional.empty());

    OrganisationPolicyStore testee();

    @Test
    default void anOrganisationWithoutOverridesShouldHaveNone() {
        assertThat(testee().get(ACME).block()).isEqualTo(PolicyOverrides.NONE);
    }

    @Test
    default void overridesShouldBeReadBack() {
        testee().set(ACME, SHORT).block();

        assertThat(testee().get(ACME).block()).isEqualTo(SHORT);
        assertThat(testee().get(GLOBEX).block()).isEqualTo(PolicyOverrides.NONE);
    }

    @Test
    default void settingOverridesShouldReplaceThePreviousOnes() {
        testee().set(ACME, SHORT).block();
        PolicyOverrides other = new PolicyOverrides(Optional.empty(), Optional.empty(), Optional.of(Duration.ofHours(12)));

        testee().set(ACME, other).block();

        assertThat(testee().get(ACME).block()).isEqualTo(other);
    }

    @Test
    default void deleteShouldBeIdempotentAndRemoveTheOverrides() {
        testee().set(ACME, SHORT).block();

        testee().delete(ACME).block();
        testee().delete(ACME).block();

        assertThat(testee().get(ACME).block()).isEqualTo(PolicyOverrides.NONE);
    }
}
