package io.emergencyinbox.core.access;

import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.Domain;
import org.apache.james.core.Username;

import io.emergencyinbox.core.organisation.Organisation;
import io.emergencyinbox.core.organisation.OrganisationId;
import io.emergencyinbox.core.organisation.OrganisationStore;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The one rule for opening accounts (DESIGN invariant 5), used by JMAP, the webmail and WebAdmin:
 * a user opens their own account; an organisation admin opens the account of every user of that
 * organisation, across all its domains; nobody else opens anybody else's. Partner admins manage
 * settings only. Roles are read at every decision, so a revocation applies to the next request.
 */
public class AccessPolicy {
    private final OrganisationStore organisations;
    private final RoleStore roles;
    private final AccountDirectory directory;

    @Inject
    public AccessPolicy(OrganisationStore organisations, RoleStore roles, AccountDirectory directory) {
        this.organisations = organisations;
        this.roles = roles;
        this.directory = directory;
    }

    public Mono<AccessDecision> decide(Username actor, Username target) {
        Mono<Optional<OrganisationId>> targetOrganisation = organisationOf(target);
        if (actor.equals(target)) {
            return targetOrganisation.map(organisation -> new AccessDecision(AccessDecision.Grant.OWN_ACCOUNT, organisation));
        }
        return targetOrganisation.flatMap(organisation -> {
            if (organisation.isEmpty()) {
                return Mono.just(new AccessDecision(AccessDecision.Grant.REFUSED, organisation));
            }
            return roles.rolesOf(actor)
                .any(role -> role.isAdminOf(organisation.get()))
                .map(admin -> new AccessDecision(admin ? AccessDecision.Grant.ORGANISATION_ADMIN : AccessDecision.Grant.REFUSED,
                    organisation));
        });
    }

    /** The other accounts the actor may open: every user of each organisation they administer. */
    public Flux<Username> accessibleAccounts(Username actor) {
        return administeredOrganisations(actor)
            .flatMapIterable(Organisation::domains)
            .concatMap(directory::usersOf)
            .filter(user -> !user.equals(actor))
            .distinct();
    }

    /** The organisations whose users' accounts the actor opens. */
    public Flux<Organisation> administeredOrganisations(Username actor) {
        return roles.rolesOf(actor)
            .filter(role -> role.kind() == Role.Kind.ORG_ADMIN)
            .concatMap(role -> organisations.get(OrganisationId.of(role.scope())));
    }

    public Mono<Optional<OrganisationId>> organisationOf(Username user) {
        return Mono.justOrEmpty(user.getDomainPart())
            .flatMap(this::owner)
            .map(Optional::of)
            .defaultIfEmpty(Optional.empty());
    }

    private Mono<OrganisationId> owner(Domain domain) {
        return organisations.findByDomain(domain).map(Organisation::id);
    }
}
