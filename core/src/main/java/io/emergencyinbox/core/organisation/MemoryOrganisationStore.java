package io.emergencyinbox.core.organisation;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import org.apache.james.core.Domain;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.Sets;

import io.emergencyinbox.core.route.DownstreamRoute;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Organisations kept in memory; every operation is atomic under one lock (the data is small). */
public class MemoryOrganisationStore implements OrganisationStore {
    private final Map<OrganisationId, Organisation> organisations = new LinkedHashMap<>();
    private final Map<Domain, OrganisationId> owners = new HashMap<>();

    @Override
    public Mono<Void> create(Organisation organisation) {
        return Mono.fromRunnable(() -> {
            synchronized (this) {
                if (organisations.containsKey(organisation.id())) {
                    throw new OrganisationAlreadyExistsException(organisation.id());
                }
                organisation.domains().forEach(domain -> checkFree(domain, organisation.id()));
                organisations.put(organisation.id(), organisation);
                organisation.domains().forEach(domain -> owners.put(domain, organisation.id()));
            }
        });
    }

    @Override
    public Mono<Organisation> get(OrganisationId id) {
        return Mono.fromCallable(() -> {
            synchronized (this) {
                return organisations.get(id);
            }
        });
    }

    @Override
    public Flux<Organisation> list() {
        return Flux.defer(() -> {
            List<Organisation> snapshot;
            synchronized (this) {
                snapshot = ImmutableList.copyOf(organisations.values());
            }
            return Flux.fromIterable(snapshot);
        });
    }

    @Override
    public Mono<Organisation> findByDomain(Domain domain) {
        return Mono.fromCallable(() -> {
            synchronized (this) {
                OrganisationId owner = owners.get(domain);
                return owner == null ? null : organisations.get(owner);
            }
        });
    }

    @Override
    public Mono<Void> addDomain(OrganisationId id, Domain domain) {
        return Mono.fromRunnable(() -> {
            synchronized (this) {
                Organisation organisation = existing(id);
                checkFree(domain, id);
                owners.put(domain, id);
                organisations.put(id, organisation.withDomains(
                    ImmutableSet.<Domain>builder().addAll(organisation.domains()).add(domain).build()));
            }
        });
    }

    @Override
    public Mono<Void> removeDomain(OrganisationId id, Domain domain) {
        return Mono.fromRunnable(() -> {
            synchronized (this) {
                Organisation organisation = existing(id);
                if (id.equals(owners.get(domain))) {
                    owners.remove(domain);
                }
                organisations.put(id, organisation.withDomains(
                    Sets.difference(organisation.domains(), ImmutableSet.of(domain))));
            }
        });
    }

    @Override
    public Mono<Void> setRoute(OrganisationId id, Optional<DownstreamRoute> route) {
        return modify(id, organisation -> organisation.withRoute(route));
    }

    @Override
    public Mono<Void> setPartner(OrganisationId id, Optional<PartnerId> partner) {
        return modify(id, organisation -> organisation.withPartner(partner));
    }

    @Override
    public Mono<Void> setDisplayName(OrganisationId id, String displayName) {
        return modify(id, organisation -> organisation.withDisplayName(displayName));
    }

    @Override
    public Mono<Void> delete(OrganisationId id) {
        return Mono.fromRunnable(() -> {
            synchronized (this) {
                Organisation removed = organisations.remove(id);
                if (removed != null) {
                    removed.domains().forEach(owners::remove);
                }
            }
        });
    }

    private Mono<Void> modify(OrganisationId id, UnaryOperator<Organisation> change) {
        return Mono.fromRunnable(() -> {
            synchronized (this) {
                organisations.put(id, change.apply(existing(id)));
            }
        });
    }

    private Organisation existing(OrganisationId id) {
        Organisation organisation = organisations.get(id);
        if (organisation == null) {
            throw new OrganisationNotFoundException(id);
        }
        return organisation;
    }

    private void checkFree(Domain domain, OrganisationId claimant) {
        OrganisationId owner = owners.get(domain);
        if (owner != null && !owner.equals(claimant)) {
            throw new DomainAlreadyOwnedException(domain, owner);
        }
    }
}
