package io.emergencyinbox.core.organisation;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.apache.james.core.Domain;

import com.google.common.base.MoreObjects;
import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableSet;

import io.emergencyinbox.core.route.DownstreamRoute;

/**
 * A customer of the gateway: the mail domains it owns, the downstream route its mail is relayed to,
 * and the partner that manages it, if any.
 */
public final class Organisation {

    public static Organisation create(OrganisationId id, String displayName) {
        return new Organisation(id, displayName, ImmutableSet.of(), Optional.empty(), Optional.empty());
    }

    private final OrganisationId id;
    private final String displayName;
    private final ImmutableSet<Domain> domains;
    private final Optional<PartnerId> partner;
    private final Optional<DownstreamRoute> route;

    public Organisation(OrganisationId id, String displayName, Set<Domain> domains,
                        Optional<PartnerId> partner, Optional<DownstreamRoute> route) {
        Preconditions.checkNotNull(id, "id");
        Preconditions.checkArgument(displayName != null && !displayName.isBlank(), "displayName must not be blank");
        this.id = id;
        this.displayName = displayName;
        this.domains = ImmutableSet.copyOf(domains);
        this.partner = Objects.requireNonNull(partner);
        this.route = Objects.requireNonNull(route);
    }

    public OrganisationId id() {
        return id;
    }

    public String displayName() {
        return displayName;
    }

    public ImmutableSet<Domain> domains() {
        return domains;
    }

    public Optional<PartnerId> partner() {
        return partner;
    }

    public Optional<DownstreamRoute> route() {
        return route;
    }

    public Organisation withDomains(Set<Domain> newDomains) {
        return new Organisation(id, displayName, newDomains, partner, route);
    }

    public Organisation withRoute(Optional<DownstreamRoute> newRoute) {
        return new Organisation(id, displayName, domains, partner, newRoute);
    }

    public Organisation withPartner(Optional<PartnerId> newPartner) {
        return new Organisation(id, displayName, domains, newPartner, route);
    }

    public Organisation withDisplayName(String newDisplayName) {
        return new Organisation(id, newDisplayName, domains, partner, route);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Organisation)) {
            return false;
        }
        Organisation that = (Organisation) o;
        return id.equals(that.id) && displayName.equals(that.displayName) && domains.equals(that.domains)
            && partner.equals(that.partner) && route.equals(that.route);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, displayName, domains, partner, route);
    }

    @Override
    public String toString() {
        return MoreObjects.toStringHelper(this)
            .add("id", id).add("displayName", displayName).add("domains", domains)
            .add("partner", partner).add("route", route)
            .toString();
    }
}
