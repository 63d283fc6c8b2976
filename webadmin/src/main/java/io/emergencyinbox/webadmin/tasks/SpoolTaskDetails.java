package io.emergencyinbox.webadmin.tasks;

import java.time.Instant;
import java.util.Optional;

import org.apache.james.task.TaskExecutionDetails;

/** Progress of a flush or purge task, shown at {@code GET /tasks/{taskId}} under {@code additionalInformation}. */
public final class SpoolTaskDetails implements TaskExecutionDetails.AdditionalInformation {
    private final String organisation;
    private final String operation;
    private final long examinedEntries;
    private final long changedEntries;
    private final long recipients;
    private final Optional<Long> delivered;
    private final Optional<Boolean> routeDown;
    private final Instant timestamp;

    public SpoolTaskDetails(String organisation, String operation, long examinedEntries, long changedEntries, long recipients,
                            Optional<Long> delivered, Optional<Boolean> routeDown, Instant timestamp) {
        this.organisation = organisation;
        this.operation = operation;
        this.examinedEntries = examinedEntries;
        this.changedEntries = changedEntries;
        this.recipients = recipients;
        this.delivered = delivered;
        this.routeDown = routeDown;
        this.timestamp = timestamp;
    }

    public String organisation() {
        return organisation;
    }

    /** {@code flush} or {@code purge}. */
    public String operation() {
        return operation;
    }

    public long examinedEntries() {
        return examinedEntries;
    }

    /** Entries made due now (flush) or returned to their sender (purge). */
    public long changedEntries() {
        return changedEntries;
    }

    public long recipients() {
        return recipients;
    }

    /** Flush only: entries delivered by the drain that followed. */
    public Optional<Long> delivered() {
        return delivered;
    }

    /** Flush only: the route was DOWN, so nothing could be attempted yet. */
    public Optional<Boolean> routeDown() {
        return routeDown;
    }

    @Override
    public Instant timestamp() {
        return timestamp;
    }
}
