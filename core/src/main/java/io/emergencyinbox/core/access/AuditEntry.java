package io.emergencyinbox.core.access;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import org.apache.james.core.Username;

import com.google.common.base.MoreObjects;

import io.emergencyinbox.core.organisation.OrganisationId;

/**
 * One access to another user's account, allowed or refused: who ({@code actor}), whose account
 * ({@code target}, and its organisation), when, through which operation (a JMAP method name, or
 * {@code blob} for an upload or download), and the decision with its reason.
 */
public final class AuditEntry {
    private final Instant at;
    private final Username actor;
    private final Username target;
    private final Optional<OrganisationId> organisation;
    private final String operation;
    private final boolean allowed;
    private final String reason;

    public AuditEntry(Instant at, Username actor, Username target, Optional<OrganisationId> organisation, String operation,
                      boolean allowed, String reason) {
        this.at = Objects.requireNonNull(at);
        this.actor = Objects.requireNonNull(actor);
        this.target = Objects.requireNonNull(target);
        this.organisation = Objects.requireNonNull(organisation);
        this.operation = Objects.requireNonNull(operation);
        this.allowed = allowed;
        this.reason = Objects.requireNonNull(reason);
    }

    public Instant at() {
        return at;
    }

    public Username actor() {
        return actor;
    }

    public Username target() {
        return target;
    }

    public Optional<OrganisationId> organisation() {
        return organisation;
    }

    public String operation() {
        return operation;
    }

    public boolean allowed() {
        return allowed;
    }

    public String reason() {
        return reason;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof AuditEntry)) {
            return false;
        }
        AuditEntry that = (AuditEntry) o;
        return allowed == that.allowed && at.equals(that.at) && actor.equals(that.actor) && target.equals(that.target)
            && organisation.equals(that.organisation) && operation.equals(that.operation) && reason.equals(that.reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(at, actor, target, organisation, operation, allowed, reason);
    }

    @Override
    public String toString() {
        return MoreObjects.toStringHelper(this).add("at", at).add("actor", actor.asString()).add("target", target.asString())
            .add("organisation", organisation).add("operation", operation).add("allowed", allowed).add("reason", reason).toString();
    }
}
