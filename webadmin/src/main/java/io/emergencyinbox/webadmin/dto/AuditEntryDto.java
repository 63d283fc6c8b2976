package io.emergencyinbox.webadmin.dto;

import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.emergencyinbox.core.access.AuditEntry;
import io.emergencyinbox.core.organisation.OrganisationId;

@JsonInclude(JsonInclude.Include.NON_ABSENT)
public final class AuditEntryDto {
    public final String at;
    public final String actor;
    public final String target;
    public final Optional<String> organisation;
    public final String operation;
    public final boolean allowed;
    public final String reason;

    public AuditEntryDto(AuditEntry entry) {
        this.at = entry.at().toString();
        this.actor = entry.actor().asString();
        this.target = entry.target().asString();
        this.organisation = entry.organisation().map(OrganisationId::asString);
        this.operation = entry.operation();
        this.allowed = entry.allowed();
        this.reason = entry.reason();
    }
}
