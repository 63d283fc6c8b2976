package io.emergencyinbox.webadmin.tasks;

import java.time.Instant;
import java.util.Optional;

import org.apache.james.json.DTOModule;
import org.apache.james.server.task.json.dto.AdditionalInformationDTO;
import org.apache.james.server.task.json.dto.AdditionalInformationDTOModule;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

@JsonInclude(JsonInclude.Include.NON_ABSENT)
public final class SpoolTaskDetailsDTO implements AdditionalInformationDTO {
    public static final AdditionalInformationDTOModule<SpoolTaskDetails, SpoolTaskDetailsDTO> MODULE =
        DTOModule.forDomainObject(SpoolTaskDetails.class)
            .convertToDTO(SpoolTaskDetailsDTO.class)
            .toDomainObjectConverter(dto -> new SpoolTaskDetails(dto.organisation, dto.operation, dto.examinedEntries,
                dto.changedEntries, dto.recipients, dto.delivered, dto.routeDown, dto.timestamp))
            .toDTOConverter((details, type) -> new SpoolTaskDetailsDTO(type, details.organisation(), details.operation(),
                details.examinedEntries(), details.changedEntries(), details.recipients(), details.delivered(), details.routeDown(),
                details.timestamp()))
            .typeName(SpoolTasks.TYPE_NAME)
            .withFactory(AdditionalInformationDTOModule::new);

    private final String type;
    private final String organisation;
    private final String operation;
    private final long examinedEntries;
    private final long changedEntries;
    private final long recipients;
    private final Optional<Long> delivered;
    private final Optional<Boolean> routeDown;
    private final Instant timestamp;

    public SpoolTaskDetailsDTO(@JsonProperty("type") String type, @JsonProperty("organisation") String organisation,
                               @JsonProperty("operation") String operation, @JsonProperty("examinedEntries") long examinedEntries,
                               @JsonProperty("changedEntries") long changedEntries, @JsonProperty("recipients") long recipients,
                               @JsonProperty("delivered") Optional<Long> delivered, @JsonProperty("routeDown") Optional<Boolean> routeDown,
                               @JsonProperty("timestamp") Instant timestamp) {
        this.type = type;
        this.organisation = organisation;
        this.operation = operation;
        this.examinedEntries = examinedEntries;
        this.changedEntries = changedEntries;
        this.recipients = recipients;
        this.delivered = delivered;
        this.routeDown = routeDown;
        this.timestamp = timestamp;
    }

    @Override
    public String getType() {
        return type;
    }

    public String getOrganisation() {
        return organisation;
    }

    public String getOperation() {
        return operation;
    }

    public long getExaminedEntries() {
        return examinedEntries;
    }

    public long getChangedEntries() {
        return changedEntries;
    }

    public long getRecipients() {
        return recipients;
    }

    public Optional<Long> getDelivered() {
        return delivered;
    }

    public Optional<Boolean> getRouteDown() {
        return routeDown;
    }

    @Override
    public Instant getTimestamp() {
        return timestamp;
    }
}
