package io.emergencyinbox.core.routing;

import reactor.core.publisher.Mono;

/** See {@link RoutedMailLedger#none()}. */
final class NoRoutedMailLedger implements RoutedMailLedger {
    static final NoRoutedMailLedger INSTANCE = new NoRoutedMailLedger();

    private NoRoutedMailLedger() {
    }

    @Override
    public Mono<Boolean> contains(String key) {
        return Mono.just(false);
    }

    @Override
    public Mono<Void> record(String key) {
        return Mono.empty();
    }
}
