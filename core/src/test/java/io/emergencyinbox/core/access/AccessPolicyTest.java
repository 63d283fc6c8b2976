package io.emergencyinbox.core.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.apache.james.core.Domain;
import org.apache.james.core.Username;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.emergencyinbox.core.organisation.MemoryOrganisationStore;
import io.emergencyinbox.core.organisation.Organisation;
import io.emergencyinbox.core.organisation.OrganisationId;
import io.emergencyinbox.core.organisation.PartnerId;
import reactor.core.publisher.Flux;

class AccessPolicyTest {
    static final OrganisationId ACME = OrganisationId.of("acme");
    static final OrganisationId GLOBEX = OrganisationId.of("globex");
    static final Username ADMIN = Username.of("admin@acme.test");
    static final Username ALICE = Username.of("alice@acme.test");
    static final Username CAROL = Username.of("carol@acme-eu.test");
    static final Username GINA = Username.of("gina@globex.test");
    static final Username PARTNER = Username.of("pat@channel.test");
    static final Username STRANGER = Username.of("sam@nowhere.test");

    private MemoryRoleStore roles;
    private AccessPolicy policy;

    @BeforeEach
    void setUp() {
        MemoryOrganisationStore organisations = new MemoryOrganisationStore();
        organisations.create(new Organisation(ACME, "Acme", Set.of(Domain.of("acme.test"), Domain.of("acme-eu.test")),
            Optional.of(PartnerId.of("channel")), Optional.empty())).block();
        organisations.create(new Organisation(GLOBEX, "Globex", Set.of(Domain.of("globex.test")),
            Optional.of(PartnerId.of("channel")), Optional.empty())).block();
        roles = new MemoryRoleStore();
        roles.grant(ADMIN, Role.organisationAdmin(ACME)).block();
        roles.grant(PARTNER, Role.partnerAdmin(PartnerId.of("channel"))).block();
        List<Username> users = List.of(ADMIN, ALICE, CAROL, GINA, PARTNER, STRANGER);
        AccountDirectory directory = domain -> Flux.fromIterable(users).filter(user -> user.getDomainPart().equals(Optional.of(domain)));
        policy = new AccessPolicy(organisations, roles, directory);
    }

    @Test
    void everyoneShouldOpenTheirOwnAccount() {
        for (Username user : List.of(ADMIN, ALICE, GINA, PARTNER, STRANGER)) {
            assertThat(policy.decide(user, user).block().grant()).isEqualTo(AccessDecision.Grant.OWN_ACCOUNT);
        }
    }

    @Test
    void anOrganisationAdminShouldOpenEveryUserOfTheOrganisationAcrossItsDomains() {
        assertThat(policy.decide(ADMIN, ALICE).block().grant()).isEqualTo(AccessDecision.Grant.ORGANISATION_ADMIN);
        assertThat(policy.decide(ADMIN, CAROL).block().grant()).isEqualTo(AccessDecision.Grant.ORGANISATION_ADMIN);
        assertThat(policy.accessibleAccounts(ADMIN).collectList().block()).containsExactlyInAnyOrder(ALICE, CAROL);
    }

    @Test
    void anOrganisationAdminShouldNotOpenAnotherOrganisation() {
        AccessDecision decision = policy.decide(ADMIN, GINA).block();

        assertThat(decision.allowed()).isFalse();
        assertThat(decision.reason()).isEqualTo("not an administrator of globex");
    }

    @Test
    void aPartnerAdminShouldOpenNobodyElse() {
        assertThat(policy.decide(PARTNER, ALICE).block().allowed()).isFalse();
        assertThat(policy.decide(PARTNER, GINA).block().allowed()).isFalse();
        assertThat(policy.accessibleAccounts(PARTNER).collectList().block()).isEmpty();
    }

    @Test
    void anEndUserShouldOpenNobodyElseEvenInTheSameOrganisation() {
        assertThat(policy.decide(ALICE, ADMIN).block().allowed()).isFalse();
        assertThat(policy.decide(ALICE, CAROL).block().allowed()).isFalse();
    }

    @Test
    void anAccountOutsideAnyOrganisationShouldBeRefusedToOthers() {
        AccessDecision decision = policy.decide(ADMIN, STRANGER).block();

        assertThat(decision.allowed()).isFalse();
        assertThat(decision.reason()).isEqualTo("account outside any organisation");
    }

    @Test
    void aRevokedRoleShouldBeRefusedAtTheNextDecision() {
        assertThat(policy.decide(ADMIN, ALICE).block().allowed()).isTrue();

        roles.revoke(ADMIN, Role.organisationAdmin(ACME)).block();

        assertThat(policy.decide(ADMIN, ALICE).block().allowed()).isFalse();
        assertThat(policy.accessibleAccounts(ADMIN).collectList().block()).isEmpty();
    }
}
