package io.emergencyinbox.cassandra.organisation;

import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.Domain;

import io.emergencyinbox.cassandra.StoreSession;
import io.emergencyinbox.cassandra.organisation.DomainOwnerDao.Claim;
import io.emergencyinbox.core.organisation.DomainAlreadyOwnedException;
import io.emergencyinbox.core.organisation.Organisation;
import io.emergencyinbox.core.organisation.OrganisationAlreadyExistsException;
import io.emergencyinbox.core.organisation.OrganisationId;
import io.emergencyinbox.core.organisation.OrganisationNotFoundException;
import io.emergencyinbox.core.organisation.OrganisationStore;
import io.emergencyinbox.core.organisation.PartnerId;
import io.emergencyinbox.core.route.DownstreamRoute;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Organisations in Cassandra. A domain is claimed in {@code organisation_domains} by a lightweight
 * transaction before it is listed in its organisation, and listed no more before it is released: two admins
 * racing for one domain from two nodes cannot both get it. {@link #findByDomain} answers only when the claim and
 * the organisation agree, so a half-finished change (a crash between the two writes) is never routed on;
 * repeating the change (add, remove or delete) completes it.
 */
public class CassandraOrganisationStore implements OrganisationStore {
    private final OrganisationDao organisations;
    private final DomainOwnerDao owners;

    @Inject
    public CassandraOrganisationStore(StoreSession session) {
        this.organisations = new OrganisationDao(session);
        this.owners = new DomainOwnerDao(session);
    }

    @Override
    public Mono<Void> create(Organisation organisation) {
        OrganisationId id = organisation.id();
        return organisations.insertWithoutDomainsIfAbsent(organisation)
            .flatMap(inserted -> inserted
                ? claimAll(id, List.copyOf(organisation.domains()), 0)
                : Mono.error(new OrganisationAlreadyExistsException(id)));
    }

    @Override
    public Mono<Organisation> get(OrganisationId id) {
        return organisations.read(id);
    }

    @Override
    public Flux<Organisation> list() {
        return organisations.readAll();
    }

    @Override
    public Mono<Organisation> findByDomain(Domain domain) {
        return owners.owner(domain)
            .flatMap(organisations::read)
            .filter(organisation -> organisation.domains().contains(domain));
    }

    @Override
    public Mono<Void> addDomain(OrganisationId id, Domain domain) {
        return existing(id)
            .then(owners.claim(domain, id))
            .flatMap(claim -> {
                if (!claim.owner.equals(id)) {
                    return Mono.error(new DomainAlreadyOwnedException(domain, claim.owner));
                }
                return organisations.addDomain(id, domain).flatMap(added -> added
                    ? Mono.<Void>empty()
                    : owners.release(domain, id).then(Mono.error(new OrganisationNotFoundException(id))));
            });
    }

    @Override
    public Mono<Void> removeDomain(OrganisationId id, Domain domain) {
        return organisations.removeDomain(id, domain)
            .flatMap(removed -> removed ? owners.release(domain, id) : Mono.error(new OrganisationNotFoundException(id)));
    }

    @Override
    public Mono<Void> setRoute(OrganisationId id, Optional<DownstreamRoute> route) {
        return orNotFound(id, organisations.setRoute(id, route));
    }

    @Override
    public Mono<Void> setPartner(OrganisationId id, Optional<PartnerId> partner) {
        return orNotFound(id, organisations.setPartner(id, partner));
    }

    @Override
    public Mono<Void> setDisplayName(OrganisationId id, String displayName) {
        return orNotFound(id, organisations.setDisplayName(id, displayName));
    }

    /** Releases the domains first: a crash midway leaves an organisation to delete again, never a domain locked. */
    @Override
    public Mono<Void> delete(OrganisationId id) {
        return organisations.read(id)
            .flatMap(organisation -> Flux.fromIterable(organisation.domains())
                .concatMap(domain -> owners.release(domain, id))
                .then(organisations.delete(id)));
    }

    /**
     * Claims the domains of a new organisation one by one, then lists them; on a domain owned by another,
     * releases those claimed here and removes the organisation, so a failed create stores nothing.
     */
    private Mono<Void> claimAll(OrganisationId id, List<Domain> domains, int next) {
        if (next == domains.size()) {
            return Flux.fromIterable(domains).concatMap(domain -> organisations.addDomain(id, domain)).then();
        }
        Domain domain = domains.get(next);
        return owners.claim(domain, id).flatMap(claim -> claim.owner.equals(id)
            ? claimAll(id, domains, next + 1).onErrorResume(DomainAlreadyOwnedException.class, error -> undoClaim(claim, domain, id, error))
            : rollBackCreate(id, new DomainAlreadyOwnedException(domain, claim.owner)));
    }

    private Mono<Void> undoClaim(Claim claim, Domain domain, OrganisationId id, DomainAlreadyOwnedException error) {
        return (claim.claimedNow ? owners.release(domain, id) : Mono.<Void>empty()).then(Mono.error(error));
    }

    private Mono<Void> rollBackCreate(OrganisationId id, DomainAlreadyOwnedException error) {
        return organisations.delete(id).then(Mono.error(error));
    }

    private Mono<Organisation> existing(OrganisationId id) {
        return organisations.read(id).switchIfEmpty(Mono.error(() -> new OrganisationNotFoundException(id)));
    }

    private static Mono<Void> orNotFound(OrganisationId id, Mono<Boolean> applied) {
        return applied.flatMap(done -> done ? Mono.<Void>empty() : Mono.error(new OrganisationNotFoundException(id)));
    }
}
