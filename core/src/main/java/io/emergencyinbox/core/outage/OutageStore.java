package io.emergencyinbox.core.outage;

import java.time.Instant;

import io.emergencyinbox.core.organisation.OrganisationId;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The history of outages of every route, with their counters. */
public interface OutageStore {

    /** Records a newly opened outage; recording the same id twice keeps the first. */
    Mono<Void> open(Outage outage);

    /** Sets the end of an outage; idempotent (the first end is kept). */
    Mono<Void> close(OutageId id, Instant end);

    /** The outage with its current counters, or empty. */
    Mono<Outage> get(OutageId id);

    /** Outages of an organisation, newest first. */
    Flux<Outage> list(OrganisationId organisation);

    Mono<Void> increment(OutageId id, OutageCounter counter, long delta);

    /** Removes the outages of an organisation (when the organisation is deleted). Idempotent. */
    Mono<Void> deleteAll(OrganisationId organisation);
}
