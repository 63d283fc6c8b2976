package io.emergencyinbox.webadmin.dto;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.google.common.collect.ImmutableList;

import io.emergencyinbox.core.organisation.Organisation;
import io.emergencyinbox.core.organisation.PartnerId;

@JsonInclude(JsonInclude.Include.NON_ABSENT)
public final class OrganisationDto {
    public final String id;
    public final String displayName;
    public final List<String> domains;
    public final Optional<String> partner;
    public final Optional<RouteDto> route;

    private OrganisationDto(String id, String displayName, List<String> domains, Optional<String> partner, Optional<RouteDto> route) {
        this.id = id;
        this.displayName = displayName;
        this.domains = domains;
        this.partner = partner;
        this.route = route;
    }

    public static OrganisationDto of(Organisation organisation) {
        return new OrganisationDto(organisation.id().asString(), organisation.displayName(),
            organisation.domains().stream().map(domain -> domain.asString()).sorted().collect(ImmutableList.toImmutableList()),
            organisation.partner().map(PartnerId::asString),
            organisation.route().map(RouteDto::of));
    }
}
