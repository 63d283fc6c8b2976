package io.emergencyinbox.core.health;

import java.util.Optional;
import java.util.function.Function;

import io.emergencyinbox.core.organisation.OrganisationId;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The current state of each route. Updates are atomic per organisation, also across gateway nodes. */
public interface DownstreamStateStore {

    Mono<DownstreamState> get(OrganisationId organisation);

    /**
     * Applies the change to the current state (empty when none was stored) atomically: if another
     * writer changed the state meanwhile, the change is applied again to the newer state.
     */
    Mono<StateChange> update(OrganisationId organisation, Function<Optional<DownstreamState>, DownstreamState> change);

    Flux<DownstreamState> list();

    /** Idempotent. */
    Mono<Void> delete(OrganisationId organisation);
}
