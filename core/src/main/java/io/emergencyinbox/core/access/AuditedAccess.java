package io.emergencyinbox.core.access;

import java.time.Clock;

import javax.inject.Inject;

import org.apache.james.core.Username;

import reactor.core.publisher.Mono;

/** Decides an access to another user's account with the {@link AccessPolicy} and records it, allowed or refused. */
public class AuditedAccess {
    private final AccessPolicy policy;
    private final AuditLog audit;
    private final Clock clock;

    @Inject
    public AuditedAccess(AccessPolicy policy, AuditLog audit, Clock clock) {
        this.policy = policy;
        this.audit = audit;
        this.clock = clock;
    }

    /** The decision; recorded in the audit log unless the target is the actor's own account. */
    public Mono<AccessDecision> check(Username actor, Username target, String operation) {
        return policy.decide(actor, target)
            .flatMap(decision -> decision.grant() == AccessDecision.Grant.OWN_ACCOUNT
                ? Mono.just(decision)
                : audit.record(new AuditEntry(clock.instant(), actor, target, decision.targetOrganisation(), operation,
                    decision.allowed(), decision.reason())).thenReturn(decision));
    }

    /** Records an access the policy allows but the operation does not (administrators only read). */
    public Mono<Void> recordRefusal(Username actor, Username target, AccessDecision decision, String operation, String reason) {
        return audit.record(new AuditEntry(clock.instant(), actor, target, decision.targetOrganisation(), operation, false, reason));
    }
}
