package io.emergencyinbox.core.access;

import io.emergencyinbox.core.organisation.PartnerId;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

public interface PartnerStore {

    /** Fails with {@link PartnerAlreadyExistsException}. */
    Mono<Void> create(Partner partner);

    Mono<Partner> get(PartnerId id);

    Flux<Partner> list();

    /** Idempotent. */
    Mono<Void> delete(PartnerId id);
}
