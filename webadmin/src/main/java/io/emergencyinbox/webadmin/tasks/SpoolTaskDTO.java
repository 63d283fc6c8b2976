package io.emergencyinbox.webadmin.tasks;

import java.time.Clock;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

import org.apache.james.json.DTOModule;
import org.apache.james.server.task.json.dto.TaskDTO;
import org.apache.james.server.task.json.dto.TaskDTOModule;
import org.apache.james.task.Task;
import org.apache.james.task.TaskType;

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
        return Set.of(
            module(SpoolTasks.Flush.class, SpoolTasks.FLUSH,
                dto -> SpoolTasks.flush(administration.get(), dto.organisationId(), clock)),
            module(SpoolTasks.Purge.class, SpoolTasks.PURGE,
                dto -> SpoolTasks.purge(administration.get(), dto.organisationId(), clock)));
    }

    private static <T extends SpoolTasks.SpoolTask> TaskDTOModule<T, SpoolTaskDTO> module(Class<T> task, TaskType type,
                                                                                          Function<SpoolTaskDTO, T> rebuild) {
        return DTOModule.forDomainObject(task)
            .convertToDTO(SpoolTaskDTO.class)
            .toDomainObjectConverter(rebuild::apply)
            .toDTOConverter(SpoolTaskDTO::of)
            .typeName(type.asString())
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
