package io.emergencyinbox.dropin;

import java.util.Set;

import org.apache.james.server.task.json.TaskExtensionModule;
import org.apache.james.server.task.json.dto.AdditionalInformationDTO;
import org.apache.james.server.task.json.dto.AdditionalInformationDTOModule;
import org.apache.james.server.task.json.dto.TaskDTO;
import org.apache.james.server.task.json.dto.TaskDTOModule;
import org.apache.james.task.Task;
import org.apache.james.task.TaskExecutionDetails;

import io.emergencyinbox.webadmin.tasks.SpoolTaskDetailsDTO;

/**
 * The {@code guice.extension.task} of a stock James: how {@code GET /tasks/{id}} shows the progress
 * of our spool flush and purge ({@code additionalInformation}). No task DTO: James's memory task
 * manager runs tasks in the JVM that created them and never serialises them (docs/adr/0040 on the
 * distributed server).
 */
public class ContinuityTaskExtension implements TaskExtensionModule {
    @Override
    public Set<TaskDTOModule<? extends Task, ? extends TaskDTO>> taskDTOModules() {
        return Set.of();
    }

    @Override
    public Set<AdditionalInformationDTOModule<? extends TaskExecutionDetails.AdditionalInformation, ? extends AdditionalInformationDTO>> taskAdditionalInformationDTOModules() {
        return Set.of(SpoolTaskDetailsDTO.MODULE);
    }
}
