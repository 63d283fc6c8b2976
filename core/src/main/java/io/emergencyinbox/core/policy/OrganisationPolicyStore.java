package io.emergencyinbox.core.policy;

import io.emergencyinbox.core.organisation.OrganisationId;
import reactor.core.publisher.Mono;

/** Each organisation's policy overrides. An organisation without any has {@link PolicyOverrides#NONE}. */
public interface OrganisationPolicyStore {

    /** The organisation's overrides, {@link PolicyOverrides#NONE} when none were set. */
    Mono<PolicyOverrides> get(OrganisationId organisation);

    /** Replaces the organisation's overrides. */
    Mono<Void> set(OrganisationId organisation, PolicyOverrides overrides);

    /** Idempotent. */
    Mono<Void> delete(OrganisationId organisation);
}
