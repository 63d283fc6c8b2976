package io.emergencyinbox.core.organisation;

import java.util.Optional;

import org.apache.james.core.Domain;

import io.emergencyinbox.core.route.DownstreamRoute;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The organisations served by the gateway, their domains and downstream routes.
 *
 * <p>A domain belongs to at most one organisation. Deletes are idempotent. Operations naming an
 * organisation that does not exist fail with {@link OrganisationNotFoundException}.
 */
public interface OrganisationStore {

    /** Fails with {@link OrganisationAlreadyExistsException} or {@link DomainAlreadyOwnedException}. */
    Mono<Void> create(Organisation organisation);

    Mono<Organisation> get(OrganisationId id);

    Flux<Organisation> list();

    /** The organisation owning that domain, or empty. */
    Mono<Organisation> findByDomain(Domain domain);

    /** Idempotent for a domain the organisation already owns; {@link DomainAlreadyOwnedException} if another owns it. */
    Mono<Void> addDomain(OrganisationId id, Domain domain);

    /** Idempotent. */
    Mono<Void> removeDomain(OrganisationId id, Domain domain);

    Mono<Void> setRoute(OrganisationId id, Optional<DownstreamRoute> route);

    Mono<Void> setPartner(OrganisationId id, Optional<PartnerId> partner);

    Mono<Void> setDisplayName(OrganisationId id, String displayName);

    /** Idempotent: deleting an unknown organisation succeeds. Its domains are released. */
    Mono<Void> delete(OrganisationId id);
}
