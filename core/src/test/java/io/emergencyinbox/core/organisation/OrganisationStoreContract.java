package io.emergencyinbox.core.organisation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.apache.james.core.Domain;
import org.junit.jupiter.api.Test;

import io.emergencyinbox.core.route.DownstreamRoute;
import io.emergencyinbox.core.route.DownstreamTarget;
import io.emergencyinbox.core.route.SmtpCredentials;
import io.emergencyinbox.core.route.TlsPolicy;
import io.emergencyinbox.core.route.TrustedCertificates;
import io.emergencyinbox.testing.DownstreamServer;

/**
 * What every {@link OrganisationStore} must do. Implementations give a fresh, empty store per test.
 */
public interface OrganisationStoreContract {
    OrganisationId ACME = OrganisationId.of("acme");
    OrganisationId GLOBEX = OrganisationId.of("globex");
    Domain ACME_COM = Domain.of("acme.com");
    Domain ACME_NET = Domain.of("acme.net");
    Domain GLOBEX_COM = Domain.of("globex.com");
    DownstreamRoute ROUTE = new DownstreamRoute(
        List.of(new DownstreamTarget("mx1.acme.com", 25, 10), new DownstreamTarget("mx2.acme.com", 2525, 20)),
        TlsPolicy.REQUIRED, Duration.ofSeconds(5), Duration.ofSeconds(30),
        Optional.of(new SmtpCredentials("gateway", "secret")));

    OrganisationStore testee();

    static Organisation organisation(OrganisationId id, Domain... domains) {
        return new Organisation(id, "Organisation " + id.asString(), Set.of(domains), Optional.empty(), Optional.empty());
    }

    @Test
    default void createdOrganisationShouldBeReadBack() {
        Organisation acme = new Organisation(ACME, "Acme Corp", Set.of(ACME_COM, ACME_NET),
            Optional.of(PartnerId.of("channel-one")), Optional.of(ROUTE));

        testee().create(acme).block();

        assertThat(testee().get(ACME).blockOptional()).contains(acme);
    }

    @Test
    default void getShouldBeEmptyForAnUnknownOrganisation() {
        assertThat(testee().get(ACME).blockOptional()).isEmpty();
    }

    @Test
    default void createShouldFailWhenTheIdExists() {
        testee().create(organisation(ACME, ACME_COM)).block();

        assertThatThrownBy(() -> testee().create(organisation(ACME, ACME_NET)).block())
            .isInstanceOf(OrganisationAlreadyExistsException.class);
    }

    @Test
    default void failedCreateWithAnExistingIdShouldKeepTheFirstOrganisation() {
        Organisation first = organisation(ACME, ACME_COM);
        testee().create(first).block();

        assertThatThrownBy(() -> testee().create(organisation(ACME, ACME_NET)).block())
            .isInstanceOf(OrganisationAlreadyExistsException.class);

        assertThat(testee().get(ACME).blockOptional()).contains(first);
        assertThat(testee().findByDomain(ACME_NET).blockOptional()).isEmpty();
    }

    @Test
    default void createShouldFailWhenADomainBelongsToAnotherOrganisation() {
        testee().create(organisation(ACME, ACME_COM)).block();

        assertThatThrownBy(() -> testee().create(organisation(GLOBEX, GLOBEX_COM, ACME_COM)).block())
            .isInstanceOf(DomainAlreadyOwnedException.class)
            .hasMessageContaining("acme.com");
    }

    @Test
    default void failedCreateBecauseOfADomainShouldStoreNothing() {
        testee().create(organisation(ACME, ACME_COM)).block();

        assertThatThrownBy(() -> testee().create(organisation(GLOBEX, GLOBEX_COM, ACME_COM)).block())
            .isInstanceOf(DomainAlreadyOwnedException.class);

        assertThat(testee().get(GLOBEX).blockOptional()).isEmpty();
        assertThat(testee().findByDomain(GLOBEX_COM).blockOptional()).isEmpty();
        assertThat(testee().findByDomain(ACME_COM).map(Organisation::id).blockOptional()).contains(ACME);
    }

    @Test
    default void findByDomainShouldReturnTheOwner() {
        testee().create(organisation(ACME, ACME_COM, ACME_NET)).block();
        testee().create(organisation(GLOBEX, GLOBEX_COM)).block();

        assertThat(testee().findByDomain(ACME_NET).map(Organisation::id).blockOptional()).contains(ACME);
        assertThat(testee().findByDomain(GLOBEX_COM).map(Organisation::id).blockOptional()).contains(GLOBEX);
    }

    @Test
    default void findByDomainShouldBeEmptyForADomainNobodyOwns() {
        testee().create(organisation(ACME, ACME_COM)).block();

        assertThat(testee().findByDomain(Domain.of("unknown.org")).blockOptional()).isEmpty();
    }

    @Test
    default void addDomainShouldMakeTheOrganisationOwnIt() {
        testee().create(organisation(ACME, ACME_COM)).block();

        testee().addDomain(ACME, ACME_NET).block();

        assertThat(testee().get(ACME).block().domains()).containsOnly(ACME_COM, ACME_NET);
        assertThat(testee().findByDomain(ACME_NET).map(Organisation::id).blockOptional()).contains(ACME);
    }

    @Test
    default void addDomainShouldBeIdempotentForADomainTheOrganisationOwns() {
        testee().create(organisation(ACME, ACME_COM)).block();

        testee().addDomain(ACME, ACME_COM).block();
        testee().addDomain(ACME, ACME_NET).block();
        testee().addDomain(ACME, ACME_NET).block();

        assertThat(testee().get(ACME).block().domains()).containsOnly(ACME_COM, ACME_NET);
    }

    @Test
    default void addDomainShouldFailWhenAnotherOrganisationOwnsIt() {
        testee().create(organisation(ACME, ACME_COM)).block();
        testee().create(organisation(GLOBEX, GLOBEX_COM)).block();

        assertThatThrownBy(() -> testee().addDomain(GLOBEX, ACME_COM).block())
            .isInstanceOf(DomainAlreadyOwnedException.class);

        assertThat(testee().findByDomain(ACME_COM).map(Organisation::id).blockOptional()).contains(ACME);
        assertThat(testee().get(GLOBEX).block().domains()).containsOnly(GLOBEX_COM);
    }

    @Test
    default void addDomainShouldFailForAnUnknownOrganisation() {
        assertThatThrownBy(() -> testee().addDomain(ACME, ACME_COM).block())
            .isInstanceOf(OrganisationNotFoundException.class);

        assertThat(testee().findByDomain(ACME_COM).blockOptional()).isEmpty();
    }

    @Test
    default void removeDomainShouldReleaseTheDomain() {
        testee().create(organisation(ACME, ACME_COM, ACME_NET)).block();

        testee().removeDomain(ACME, ACME_NET).block();

        assertThat(testee().get(ACME).block().domains()).containsOnly(ACME_COM);
        assertThat(testee().findByDomain(ACME_NET).blockOptional()).isEmpty();
    }

    @Test
    default void aRemovedDomainShouldBeAvailableToAnotherOrganisation() {
        testee().create(organisation(ACME, ACME_COM, ACME_NET)).block();
        testee().create(organisation(GLOBEX, GLOBEX_COM)).block();

        testee().removeDomain(ACME, ACME_NET).block();
        testee().addDomain(GLOBEX, ACME_NET).block();

        assertThat(testee().findByDomain(ACME_NET).map(Organisation::id).blockOptional()).contains(GLOBEX);
    }

    @Test
    default void removeDomainShouldBeIdempotent() {
        testee().create(organisation(ACME, ACME_COM, ACME_NET)).block();

        testee().removeDomain(ACME, ACME_NET).block();
        testee().removeDomain(ACME, ACME_NET).block();

        assertThat(testee().get(ACME).block().domains()).containsOnly(ACME_COM);
    }

    @Test
    default void removeDomainShouldNotReleaseADomainOfAnotherOrganisation() {
        testee().create(organisation(ACME, ACME_COM)).block();
        testee().create(organisation(GLOBEX, GLOBEX_COM)).block();

        testee().removeDomain(GLOBEX, ACME_COM).block();

        assertThat(testee().findByDomain(ACME_COM).map(Organisation::id).blockOptional()).contains(ACME);
        assertThat(testee().get(ACME).block().domains()).containsOnly(ACME_COM);
    }

    @Test
    default void removeDomainShouldFailForAnUnknownOrganisation() {
        assertThatThrownBy(() -> testee().removeDomain(ACME, ACME_COM).block())
            .isInstanceOf(OrganisationNotFoundException.class);
    }

    @Test
    default void setRouteShouldReplaceTheRoute() {
        testee().create(organisation(ACME, ACME_COM)).block();

        testee().setRoute(ACME, Optional.of(ROUTE)).block();

        assertThat(testee().get(ACME).block().route()).contains(ROUTE);
    }

    @Test
    default void aVerifiedRouteShouldKeepItsTrustedCertificates() {
        DownstreamRoute verified = ROUTE.verifiedWith(TrustedCertificates.parse(DownstreamServer.certificatePem()));
        testee().create(new Organisation(ACME, "Acme Corp", Set.of(ACME_COM), Optional.empty(), Optional.of(verified))).block();
        testee().create(organisation(GLOBEX, GLOBEX_COM)).block();

        testee().setRoute(GLOBEX, Optional.of(verified)).block();

        assertThat(testee().get(ACME).block().route()).contains(verified);
        assertThat(testee().get(GLOBEX).block().route()).contains(verified);
        assertThat(testee().get(GLOBEX).block().route().flatMap(DownstreamRoute::trustedCertificates).get().certificates())
            .singleElement().satisfies(certificate ->
                assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=downstream.test"));

        testee().setRoute(GLOBEX, Optional.of(ROUTE)).block();

        assertThat(testee().get(GLOBEX).block().route()).contains(ROUTE);
    }

    @Test
    default void setRouteShouldAllowRemovingTheRoute() {
        testee().create(organisation(ACME, ACME_COM)).block();
        testee().setRoute(ACME, Optional.of(ROUTE)).block();

        testee().setRoute(ACME, Optional.empty()).block();

        assertThat(testee().get(ACME).block().route()).isEmpty();
    }

    @Test
    default void setRouteShouldKeepEveryOtherProperty() {
        Organisation acme = new Organisation(ACME, "Acme Corp", Set.of(ACME_COM), Optional.of(PartnerId.of("channel-one")),
            Optional.empty());
        testee().create(acme).block();

        testee().setRoute(ACME, Optional.of(ROUTE)).block();

        assertThat(testee().get(ACME).block()).isEqualTo(acme.withRoute(Optional.of(ROUTE)));
    }

    @Test
    default void setPartnerShouldReplaceThePartner() {
        testee().create(organisation(ACME, ACME_COM)).block();

        testee().setPartner(ACME, Optional.of(PartnerId.of("channel-one"))).block();
        assertThat(testee().get(ACME).block().partner()).contains(PartnerId.of("channel-one"));

        testee().setPartner(ACME, Optional.empty()).block();
        assertThat(testee().get(ACME).block().partner()).isEmpty();
    }

    @Test
    default void setDisplayNameShouldReplaceTheDisplayName() {
        testee().create(organisation(ACME, ACME_COM)).block();

        testee().setDisplayName(ACME, "Acme Corporation Ltd").block();

        assertThat(testee().get(ACME).block().displayName()).isEqualTo("Acme Corporation Ltd");
        assertThat(testee().get(ACME).block().domains()).containsOnly(ACME_COM);
    }

    @Test
    default void settersShouldFailForAnUnknownOrganisation() {
        assertThatThrownBy(() -> testee().setRoute(ACME, Optional.of(ROUTE)).block())
            .isInstanceOf(OrganisationNotFoundException.class);
        assertThatThrownBy(() -> testee().setPartner(ACME, Optional.of(PartnerId.of("channel-one"))).block())
            .isInstanceOf(OrganisationNotFoundException.class);
        assertThatThrownBy(() -> testee().setDisplayName(ACME, "Acme").block())
            .isInstanceOf(OrganisationNotFoundException.class);

        assertThat(testee().get(ACME).blockOptional()).isEmpty();
    }

    @Test
    default void deleteShouldRemoveTheOrganisation() {
        testee().create(organisation(ACME, ACME_COM)).block();

        testee().delete(ACME).block();

        assertThat(testee().get(ACME).blockOptional()).isEmpty();
        assertThat(testee().list().collectList().block()).isEmpty();
    }

    @Test
    default void deleteShouldReleaseTheDomains() {
        testee().create(organisation(ACME, ACME_COM, ACME_NET)).block();

        testee().delete(ACME).block();

        assertThat(testee().findByDomain(ACME_COM).blockOptional()).isEmpty();
        assertThat(testee().findByDomain(ACME_NET).blockOptional()).isEmpty();
        testee().create(organisation(GLOBEX, ACME_COM)).block();
        assertThat(testee().findByDomain(ACME_COM).map(Organisation::id).blockOptional()).contains(GLOBEX);
    }

    @Test
    default void deleteShouldReleaseADomainAddedAfterCreation() {
        testee().create(organisation(ACME, ACME_COM)).block();
        testee().addDomain(ACME, ACME_NET).block();

        testee().delete(ACME).block();

        assertThat(testee().findByDomain(ACME_NET).blockOptional()).isEmpty();
    }

    @Test
    default void deleteShouldBeIdempotent() {
        testee().create(organisation(ACME, ACME_COM)).block();

        testee().delete(ACME).block();
        testee().delete(ACME).block();
        testee().delete(GLOBEX).block();

        assertThat(testee().get(ACME).blockOptional()).isEmpty();
    }

    @Test
    default void deleteShouldNotAffectOtherOrganisations() {
        testee().create(organisation(ACME, ACME_COM)).block();
        Organisation globex = organisation(GLOBEX, GLOBEX_COM);
        testee().create(globex).block();

        testee().delete(ACME).block();

        assertThat(testee().get(GLOBEX).blockOptional()).contains(globex);
        assertThat(testee().findByDomain(GLOBEX_COM).map(Organisation::id).blockOptional()).contains(GLOBEX);
    }

    @Test
    default void anOrganisationShouldBeCreatableAgainAfterDeletion() {
        testee().create(organisation(ACME, ACME_COM)).block();
        testee().delete(ACME).block();

        testee().create(organisation(ACME, ACME_NET)).block();

        assertThat(testee().get(ACME).block().domains()).containsOnly(ACME_NET);
    }

    @Test
    default void listShouldReturnEveryOrganisation() {
        Organisation acme = organisation(ACME, ACME_COM);
        Organisation globex = organisation(GLOBEX, GLOBEX_COM);
        testee().create(acme).block();
        testee().create(globex).block();

        assertThat(testee().list().collectList().block()).containsExactlyInAnyOrder(acme, globex);
    }

    @Test
    default void listShouldBeEmptyWhenThereIsNoOrganisation() {
        assertThat(testee().list().collectList().block()).isEmpty();
    }

    @Test
    default void listShouldReflectUpdates() {
        testee().create(organisation(ACME, ACME_COM)).block();

        testee().addDomain(ACME, ACME_NET).block();
        testee().setDisplayName(ACME, "Acme Corporation").block();

        assertThat(testee().list().collectList().block())
            .singleElement()
            .satisfies(organisation -> {
                assertThat(organisation.displayName()).isEqualTo("Acme Corporation");
                assertThat(organisation.domains()).containsOnly(ACME_COM, ACME_NET);
            });
    }
}
