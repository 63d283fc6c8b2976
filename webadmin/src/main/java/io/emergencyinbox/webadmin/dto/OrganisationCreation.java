package io.emergencyinbox.webadmin.dto;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code POST /continuity/organisations} body: {@code {"id":"acme","displayName":"Acme","domains":["acme.test"]}}. */
public final class OrganisationCreation {
    public final String id;
    public final String displayName;
    public final List<String> domains;
    public final Optional<String> partner;

    @JsonCreator
    public OrganisationCreation(@JsonProperty(value = "id", required = true) String id,
                                @JsonProperty(value = "displayName", required = true) String displayName,
                                @JsonProperty("domains") List<String> domains,
                                @JsonProperty("partner") Optional<String> partner) {
        this.id = id;
        this.displayName = displayName;
        this.domains = domains == null ? List.of() : domains;
        this.partner = partner == null ? Optional.empty() : partner;
    }
}
