package io.emergencyinbox.webadmin.dto;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.emergencyinbox.core.access.Partner;

/** {@code {"id":"channel-one","displayName":"Channel One"}} */
public final class PartnerDto {
    public final String id;
    public final String displayName;

    @JsonCreator
    public PartnerDto(@JsonProperty(value = "id", required = true) String id,
                      @JsonProperty(value = "displayName", required = true) String displayName) {
        this.id = id;
        this.displayName = displayName;
    }

    public static PartnerDto of(Partner partner) {
        return new PartnerDto(partner.id().asString(), partner.displayName());
    }
}
