package io.emergencyinbox.core.access;

import java.time.Instant;
import java.util.Optional;

import org.apache.james.core.Username;

import com.google.common.base.Preconditions;

import io.emergencyinbox.core.organisation.OrganisationId;

/** Which audit entries to read: optional filters, a time range {@code [from, to)}, newest first, at most {@code limit}. */
public final class AuditQuery {
    private final Optional<OrganisationId> organisation;
    private final Optional<Username> actor;
    private final Optional<Username> target;
    private final Instant from;
    private final Instant to;
    private final int limit;

    public AuditQuery(Optional<OrganisationId> organisation, Optional<Username> actor, Optional<Username> target,
                      Instant from, Instant to, int limit) {
        Preconditions.checkArgument(!to.isBefore(from), "'to' must not be before 'from'");
        Preconditions.checkArgument(limit >= 1, "limit must be at least 1");
        this.organisation = organisation;
        this.actor = actor;
        this.target = target;
        this.from = from;
        this.to = to;
        this.limit = limit;
    }

    public static AuditQuery ofTarget(Username target, int limit) {
        return new AuditQuery(Optional.empty(), Optional.empty(), Optional.of(target), Instant.EPOCH, Instant.MAX, limit);
    }

    public Optional<OrganisationId> organisation() {
        return organisation;
    }

    public Optional<Username> actor() {
        return actor;
    }

    public Optional<Username> target() {
        return target;
    }

    public Instant from() {
        return from;
    }

    public Instant to() {
        return to;
    }

    public int limit() {
        return limit;
    }

    public boolean matches(AuditEntry entry) {
        return organisation.map(id -> entry.organisation().equals(Optional.of(id))).orElse(true)
            && actor.map(entry.actor()::equals).orElse(true)
            && target.map(entry.target()::equals).orElse(true)
            && !entry.at().isBefore(from) && entry.at().isBefore(to);
    }
}
