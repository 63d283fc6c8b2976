package io.emergencyinbox.webadmin.dto;

import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code POST /continuity/organisations/{id}/outages} body: {@code {"reason":"Exchange upgrade"}} (reason optional). */
public final class OutageDeclaration {
    public final Optional<String> reason;

    @JsonCreator
    public OutageDeclaration(@JsonProperty("reason") Optional<String> reason) {
        this.reason = reason == null ? Optional.empty() : reason;
    }
}
