package io.emergencyinbox.core.engine;

import static io.emergencyinbox.core.engine.EngineHarness.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.emergencyinbox.core.organisation.Organisation;
import io.emergencyinbox.core.policy.PolicyOverrides;

class OrganisationDeletionTest {
    private EngineHarness engine;
    private Organisation acme;
    private Organisation initech;

    @BeforeEach
    void setUp() {
        engine = EngineHarness.withPolicy();
        acme = engine.organisation("acme", engine.downstream());
        initech = engine.organisation("initech", engine.downstream());
        for (Organisation organisation : new Organisation[] {acme, initech}) {
            engine.markDown(organisation.id());
            engine.organisationPolicies.set(organisation.id(),
                new PolicyOverrides(Optional.of(Duration.ofDays(10)), Optional.empty(), Optional.empty())).block();
        }
    }

    @AfterEach
    void tearDown() {
        engine.close();
    }

    @Test
    void anOrganisationWithSpooledMailShouldNotBeDeleted() {
        engine.spooled(acme, START, "still-owed", "bob@acme.test");
        engine.spooled(acme, START, "also-owed", "bob@acme.test");

        assertThatThrownBy(() -> engine.deletion.delete(acme.id()).block())
            .isInstanceOf(OrganisationDeletion.SpooledMailException.class)
            .hasMessageContaining("'acme'")
            .hasMessageContaining("2 spooled message(s)");

        assertThat(engine.organisations.get(acme.id()).blockOptional()).isPresent();
        assertThat(engine.states.get(acme.id()).blockOptional()).isPresent();
        assertThat(engine.outages.list(acme.id()).collectList().block()).hasSize(1);
        assertThat(engine.organisationPolicies.get(acme.id()).block()).isNotEqualTo(PolicyOverrides.NONE);
    }

    @Test
    void anOrganisationWithoutSpooledMailShouldBeDeletedWithItsStateOutagesAndPolicy() {
        engine.deletion.delete(acme.id()).block();

        assertThat(engine.organisations.get(acme.id()).blockOptional()).isEmpty();
        assertThat(engine.states.get(acme.id()).blockOptional()).isEmpty();
        assertThat(engine.outages.list(acme.id()).collectList().block()).isEmpty();
        assertThat(engine.organisationPolicies.get(acme.id()).block()).isEqualTo(PolicyOverrides.NONE);
    }

    @Test
    void deletingShouldLeaveOtherOrganisationsAlone() {
        engine.deletion.delete(acme.id()).block();

        assertThat(engine.organisations.get(initech.id()).blockOptional()).isPresent();
        assertThat(engine.states.get(initech.id()).blockOptional()).isPresent();
        assertThat(engine.outages.list(initech.id()).collectList().block()).hasSize(1);
        assertThat(engine.organisationPolicies.get(initech.id()).block()).isNotEqualTo(PolicyOverrides.NONE);
    }

    @Test
    void anOrganisationWhoseMailWasDeliveredOrPurgedShouldBeDeletable() {
        engine.spooled(acme, START, "purged", "bob@acme.test");
        engine.administration.purge(acme.id(), new SpoolOperationProgress());

        engine.deletion.delete(acme.id()).block();

        assertThat(engine.organisations.get(acme.id()).blockOptional()).isEmpty();
    }

    @Test
    void deletingShouldBeIdempotent() {
        engine.deletion.delete(acme.id()).block();
        engine.deletion.delete(acme.id()).block();

        assertThat(engine.organisations.get(acme.id()).blockOptional()).isEmpty();
    }
}
