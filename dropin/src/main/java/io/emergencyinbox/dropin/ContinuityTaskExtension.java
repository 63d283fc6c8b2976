package io.emergencyinbox.dropin;

import java.time.Clock;
import java.util.Set;

import javax.inject.Inject;
import javax.inject.Provider;

import org.apache.james.server.task.json.TaskExtensionModule;
import org.apache.james.server.task.json.dto.AdditionalInformationDTO;
import org.apache.james.server.task.json.dto.AdditionalInformationDTOModule;
import org.apache.james.server.task.json.dto.TaskDTO;
import org.apache.james.server.task.json.dto.TaskDTOModule;
import org.apache.james.task.Task;
import org.apache.james.task.TaskExecutionDetails;

import io.emergencyinbox.core.engine.SpoolAdministration;
import io.emergencyinbox.webadmin.tasks.SpoolTaskDTO;
import io.emergencyinbox.webadmin.tasks.SpoolTaskDetailsDTO;

/**
 * The {@code guice.extension.task} of a stock James, built by James from our child injector: how
 * {@code GET /tasks/{id}} shows the progress of our spool flush and purge ({@code additionalInformation}), and
 * how a distributed task manager serialises those tasks to hand them to a node ({@link SpoolTaskDTO}). James's
 * memory task manager runs tasks in the JVM that created them and never serialises them.
 */
public class ContinuityTaskExtension implements TaskExtensionModule {
    private final Provider<SpoolAdministration> administration;
    private final Clock clock;

    /** The administration is asked for only when a task is rebuilt, not while James wires its task manager. */
    @Inject
    public ContinuityTaskExtension(Provider<SpoolAdministration> administration, Clock clock) {
        this.administration = administration;
        this.clock = clock;
    }

    @Override
    public Set<TaskDTOModule<? extends Task, ? extends TaskDTO>> taskDTOModules() {
        return SpoolTaskDTO.modules(administration::get, clock);
    }

    @Override
    public Set<AdditionalInformationDTOModule<? extends TaskExecutionDetails.AdditionalInformation, ? extends AdditionalInformationDTO>> taskAdditionalInformationDTOModules() {
        return Set.of(SpoolTaskDetailsDTO.MODULE);
    }
}
