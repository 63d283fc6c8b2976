package io.emergencyinbox.core.policy;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.emergencyinbox.core.organisation.OrganisationId;
import reactor.core.publisher.Mono;

public class MemoryOrganisationPolicyStore implements OrganisationPolicyStore {
    private final Map<OrganisationId, PolicyOverrides> overrides = new ConcurrentHashMap<>();

    @Override
    public Mono<PolicyOverrides> get(OrganisationId organisation) {
        return Mono.fromCallable(() -> overrides.getOrDefault(organisation, PolicyOverrides.NONE));
    }

    @Override
    public Mono<Void> set(OrganisationId organisation, PolicyOverrides value) {
        return Mono.fromRunnable(() -> {
            if (value.isEmpty()) {
                overrides.remove(organisation);
            } else {
                overrides.put(organisation, value);
            }
        });
    }

    @Override
    public Mono<Void> delete(OrganisationId organisation) {
        return Mono.fromRunnable(() -> overrides.remove(organisation));
    }
}
