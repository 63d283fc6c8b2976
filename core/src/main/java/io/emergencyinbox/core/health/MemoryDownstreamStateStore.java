package io.emergencyinbox.core.health;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import io.emergencyinbox.core.organisation.OrganisationId;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

public class MemoryDownstreamStateStore implements DownstreamStateStore {
    private final Map<OrganisationId, DownstreamState> states = new ConcurrentHashMap<>();

    @Override
    public Mono<DownstreamState> get(OrganisationId organisation) {
        return Mono.fromCallable(() -> states.get(organisation));
    }

    @Override
    public Mono<StateChange> update(OrganisationId organisation, Function<Optional<DownstreamState>, DownstreamState> change) {
        return Mono.fromCallable(() -> {
            AtomicReference<Optional<DownstreamState>> before = new AtomicReference<>();
            DownstreamState after = states.compute(organisation, (key, current) -> {
                before.set(Optional.ofNullable(current));
                return change.apply(Optional.ofNullable(current));
            });
            return new StateChange(before.get(), after);
        });
    }

    @Override
    public Flux<DownstreamState> list() {
        return Flux.defer(() -> Flux.fromIterable(Map.copyOf(states).values()));
    }

    @Override
    public Mono<Void> delete(OrganisationId organisation) {
        return Mono.fromRunnable(() -> states.remove(organisation));
    }
}
