package io.emergencyinbox.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.emergencyinbox.testing.MutableClock;

class MemoryRoutedMailLedgerTest implements RoutedMailLedgerContract {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T10:00:00Z"));
    private MemoryRoutedMailLedger ledger;

    @BeforeEach
    void setUp() {
        ledger = new MemoryRoutedMailLedger(clock);
    }

    @Override
    public RoutedMailLedger testee() {
        return ledger;
    }

    @Test
    void aRecordShouldBeForgottenAfterTheRetention() {
        ledger.record("acme/old").block();
        clock.advance(RoutedMailLedger.RETENTION.minus(Duration.ofSeconds(1)));
        assertThat(ledger.contains("acme/old").block()).isTrue();

        clock.advance(Duration.ofSeconds(1));
        ledger.record("acme/new").block();

        assertThat(ledger.contains("acme/old").block()).isFalse();
        assertThat(ledger.contains("acme/new").block()).isTrue();
        assertThat(ledger.size()).as("the expired record left the heap").isEqualTo(1);
    }
}
