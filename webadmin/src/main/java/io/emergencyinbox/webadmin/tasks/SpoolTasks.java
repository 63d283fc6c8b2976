package io.emergencyinbox.webadmin.tasks;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.james.task.Task;
import org.apache.james.task.TaskExecutionDetails;
import org.apache.james.task.TaskType;

import io.emergencyinbox.core.engine.DrainReport;
import io.emergencyinbox.core.engine.SpoolAdministration;
import io.emergencyinbox.core.engine.SpoolOperationProgress;
import io.emergencyinbox.core.organisation.OrganisationId;

/**
 * The spool's long operations as James Tasks, with their progress. A task is named by its type and its
 * organisation only ({@link SpoolTaskDTO}), so a distributed task manager can hand it to another node.
 */
public final class SpoolTasks {
    public static final String TYPE_NAME = "continuity-spool";
    static final TaskType FLUSH = TaskType.of("continuity-spool-flush");
    static final TaskType PURGE = TaskType.of("continuity-spool-purge");

    public static Flush flush(SpoolAdministration administration, OrganisationId organisation, Clock clock) {
        return new Flush(administration, organisation, clock);
    }

    public static Purge purge(SpoolAdministration administration, OrganisationId organisation, Clock clock) {
        return new Purge(administration, organisation, clock);
    }

    /** Attempts every spooled message of the organisation now (a drain), when its route is UP. */
    public static final class Flush extends SpoolTask {
        private final AtomicReference<Optional<DrainReport>> drain = new AtomicReference<>(Optional.empty());
        private volatile boolean finished;

        private Flush(SpoolAdministration administration, OrganisationId organisation, Clock clock) {
            super(FLUSH, "flush", administration, organisation, clock);
        }

        @Override
        Result execute(SpoolAdministration administration, SpoolOperationProgress progress) {
            Optional<DrainReport> report = administration.flush(organisation(), progress);
            drain.set(report);
            finished = true;
            return report.map(r -> r.routeFailed() ? Result.PARTIAL : Result.COMPLETED).orElse(Result.COMPLETED);
        }

        @Override
        Optional<Long> delivered() {
            return drain.get().map(report -> (long) report.completed());
        }

        @Override
        Optional<Boolean> routeDown() {
            return finished ? Optional.of(drain.get().isEmpty()) : Optional.empty();
        }
    }

    /** Returns every spooled message of the organisation to its sender and empties its spool. */
    public static final class Purge extends SpoolTask {
        private Purge(SpoolAdministration administration, OrganisationId organisation, Clock clock) {
            super(PURGE, "purge", administration, organisation, clock);
        }

        @Override
        Result execute(SpoolAdministration administration, SpoolOperationProgress progress) {
            administration.purge(organisation(), progress);
            return Result.COMPLETED;
        }
    }

    public abstract static class SpoolTask implements Task {
        private final TaskType type;
        private final String operation;
        private final SpoolAdministration administration;
        private final OrganisationId organisation;
        private final Clock clock;
        private final SpoolOperationProgress progress = new SpoolOperationProgress();

        private SpoolTask(TaskType type, String operation, SpoolAdministration administration, OrganisationId organisation,
                          Clock clock) {
            this.type = type;
            this.operation = operation;
            this.administration = administration;
            this.organisation = organisation;
            this.clock = clock;
        }

        abstract Result execute(SpoolAdministration administration, SpoolOperationProgress progress);

        Optional<Long> delivered() {
            return Optional.empty();
        }

        Optional<Boolean> routeDown() {
            return Optional.empty();
        }

        public OrganisationId organisation() {
            return organisation;
        }

        @Override
        public Result run() {
            return execute(administration, progress);
        }

        @Override
        public TaskType type() {
            return type;
        }

        @Override
        public Optional<TaskExecutionDetails.AdditionalInformation> details() {
            return Optional.of(new SpoolTaskDetails(organisation.asString(), operation, progress.examinedEntries(),
                progress.changedEntries(), progress.recipients(), delivered(), routeDown(), clock.instant()));
        }
    }

    private SpoolTasks() {
    }
}
