package io.emergencyinbox.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NoRoutedMailLedgerTest {
    @Test
    void shouldKeepNothing() {
        RoutedMailLedger.none().record("acme/Mail1").block();

        assertThat(RoutedMailLedger.none().contains("acme/Mail1").block()).isFalse();
    }
}
