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

/** The spool's long operations as James Tasks, with their progress. */
public final class SpoolTasks {
    public static final String TYPE_NAME = "continuity-spool";
    private static final TaskType FLUSH = TaskType.of("continuity-spool-flush");
    private static final TaskType PURGE = TaskType.of("continuity-spool-purge");

    public static Task flush(SpoolAdministration administration, OrganisationId organisation, Clock clock) {
        return new SpoolTask(FLUSH, "flush", organisation, clock) {
            private final AtomicReference<Optional<DrainReport>> drain = new AtomicReference<>(Optional.empty());
            private volatile boolean finished;

            @Override
            Result execute(SpoolOperationProgress progress) {
                Optional<DrainReport> report = administration.flush(organisation, progress);
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
        };
    }

    public static Task purge(SpoolAdministration administration, OrganisationId organisation, Clock clock) {
        return new SpoolTask(PURGE, "purge", organisation, clock) {
            @Override
            Result execute(SpoolOperationProgress progress) {
                administration.purge(organisation, progress);
                return Result.COMPLETED;
            }
        };
    }

    private abstract static class SpoolTask implements Task {
        private final TaskType type;
        private final String operation;
        private final OrganisationId organisation;
        private final Clock clock;
        private final SpoolOperationProgress progress = new SpoolOperationProgress();

        private SpoolTask(TaskType type, String operation, OrganisationId organisation, Clock clock) {
            this.type = type;
            this.operation = operation;
            this.organisation = organisation;
            this.clock = clock;
        }

        abstract Result execute(SpoolOperationProgress progress);

        Optional<Long> delivered() {
            return Optional.empty();
        }

        Optional<Boolean> routeDown() {
            return Optional.empty();
        }

        @Override
        public Result run() {
            return execute(progress);
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
