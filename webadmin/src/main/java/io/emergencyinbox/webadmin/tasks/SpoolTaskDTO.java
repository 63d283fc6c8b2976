package io.emergencyinbox.webadmin.tasks;

import java.time.Clock;
import java.util.Set;
import java.util.function.Supplier;

import org.apache.james.json.DTOModule;
import org.apache.james.server.task.json.dto.TaskDTO;
import org.apache.james.server.task.json.dto.TaskDTOModule;
import org.apache.james.task.Task;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.emergencyinbox.core.engine.SpoolAdministration;
import io.emergencyinbox.core.organisation.OrganisationId;

/**
 * A spool flush or purge as James's distributed task manager serialises it to hand it to a node:
 * {@code {"type": "continuity-spool-flush", "organisation": "acme"}}. The node that runs it rebuilds it on its
 * own {@link SpoolAdministration}, which is asked for only then.
 */
public final class SpoolTaskDTO implements TaskDTO {
    /** The DTO modules of both tasks. */
    public static Set<TaskDTOModule<? extends Task, ? extends TaskDTO>> modules(Supplier<SpoolAdministration> administration, Clock clock) {
        return Set.of(flushModule(administration, clock), purgeModule(administration, clock));
    }

    static TaskDTOModule<SpoolTasks.Flush, SpoolTaskDTO> flushModule(Supplier<SpoolAdministration> administration, Clock clock) {
        return DTOModule.forDomainObject(SpoolTasks.Flush.class)
            .convertToDTO(SpoolTaskDTO.class)
            .toDomainObjectConverter(dto -> SpoolTasks.flush(administration.get(), dto.organisationId(), clock))
            .toDTOConverter(SpoolTaskDTO::of)
            .typeName(SpoolTasks.FLUSH.asString())
            .withFactory(TaskDTOModule::new);
    }

    static TaskDTOModule<SpoolTasks.Purge, SpoolTaskDTO> purgeModule(Supplier<SpoolAdministration> administration, Clock clock) {
        return DTOModule.forDomainObject(SpoolTasks.Purge.class)
            .convertToDTO(SpoolTaskDTO.class)
            .toDomainObjectConverter(dto -> SpoolTasks.purge(administration.get(), dto.organisationId(), clock))
            .toDTOConverter(SpoolTaskDTO::of)
            .typeName(SpoolTasks.PURGE.asString())
            .withFactory(TaskDTOModule::new);
    }

    private static SpoolTaskDTO of(SpoolTasks.SpoolTask task, String type) {
        return new SpoolTaskDTO(type, task.organisation().asString());
    }

    private final String type;
    private final String organisation;

    public SpoolTaskDTO(@JsonProperty("type") String type, @JsonProperty("organisation") String organisation) {
        this.type = type;
        this.organisation = organisation;
    }

    @Override
    public String getType() {
        return type;
    }

    public String getOrganisation() {
        return organisation;
    }

    private OrganisationId organisationId() {
        return OrganisationId.of(organisation);
    }
}
