package io.emergencyinbox.core.access;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

import io.emergencyinbox.core.organisation.PartnerId;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

public class MemoryPartnerStore implements PartnerStore {
    private final Map<String, Partner> partners = new ConcurrentSkipListMap<>();

    @Override
    public Mono<Void> create(Partner partner) {
        return Mono.fromRunnable(() -> {
            if (partners.putIfAbsent(partner.id().asString(), partner) != null) {
                throw new PartnerAlreadyExistsException(partner.id());
            }
        });
    }

    @Override
    public Mono<Partner> get(PartnerId id) {
        return Mono.fromCallable(() -> partners.get(id.asString()));
    }

    @Override
    public Flux<Partner> list() {
        return Flux.defer(() -> Flux.fromIterable(List.copyOf(partners.values())));
    }

    @Override
    public Mono<Void> delete(PartnerId id) {
        return Mono.fromRunnable(() -> partners.remove(id.asString()));
    }
}
