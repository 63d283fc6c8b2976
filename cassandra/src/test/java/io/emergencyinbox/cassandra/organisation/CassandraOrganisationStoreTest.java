package io.emergencyinbox.cassandra.organisation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.james.core.Domain;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.google.common.collect.Sets;

import io.emergencyinbox.cassandra.testing.CassandraExtension;
import io.emergencyinbox.core.organisation.DomainAlreadyOwnedException;
import io.emergencyinbox.core.organisation.Organisation;
import io.emergencyinbox.core.organisation.OrganisationId;
import io.emergencyinbox.core.organisation.OrganisationStore;
import io.emergencyinbox.core.organisation.OrganisationStoreContract;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

class CassandraOrganisationStoreTest implements OrganisationStoreContract {
    @RegisterExtension
    static CassandraExtension cassandra = new CassandraExtension(OrganisationTables.SCHEMA);

    private CassandraOrganisationStore store;

    @BeforeEach
    void setUp() {
        store = new CassandraOrganisationStore(cassandra.storeSession());
    }

    @Override
    public OrganisationStore testee() {
        return store;
    }

    @RepeatedTest(3)
    void twoNodesAddingTheSameDomainsToTwoOrganisationsShouldGiveEachDomainToOne() {
        OrganisationStore nodeA = store;
        OrganisationStore nodeB = new CassandraOrganisationStore(cassandra.anotherNodeSession());
        nodeA.create(OrganisationStoreContract.organisation(ACME)).block();
        nodeA.create(OrganisationStoreContract.organisation(GLOBEX)).block();
        List<Domain> contested = IntStream.range(0, 10).mapToObj(i -> Domain.of("contested" + i + ".example"))
            .collect(Collectors.toList());

        Flux.fromIterable(contested)
            .flatMap(domain -> Flux.merge(claim(nodeA, ACME, domain), claim(nodeB, GLOBEX, domain)))
            .then().block(Duration.ofMinutes(1));

        Organisation acme = store.get(ACME).block();
        Organisation globex = store.get(GLOBEX).block();
        // one node may win every race: then the other organisation has no domain, which is fine
        assertThat(Sets.intersection(acme.domains(), globex.domains())).isEmpty();
        assertThat(contested).allSatisfy(domain -> {
            assertThat(acme.domains().contains(domain) || globex.domains().contains(domain)).isTrue();
            OrganisationId owner = acme.domains().contains(domain) ? ACME : GLOBEX;
            assertThat(store.findByDomain(domain).map(Organisation::id).blockOptional()).contains(owner);
        });
    }

    private static Mono<Void> claim(OrganisationStore node, OrganisationId organisation, Domain domain) {
        return node.addDomain(organisation, domain)
            .onErrorResume(DomainAlreadyOwnedException.class, lost -> Mono.empty())
            .subscribeOn(Schedulers.boundedElastic());
    }
}
