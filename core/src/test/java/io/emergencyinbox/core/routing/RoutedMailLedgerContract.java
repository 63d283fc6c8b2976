package io.emergencyinbox.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What every {@link RoutedMailLedger} that records must do. Implementations give a fresh, empty ledger per test. */
public interface RoutedMailLedgerContract {
    RoutedMailLedger testee();

    @Test
    default void aMailNeverRecordedShouldNotBeKnown() {
        assertThat(testee().contains(RoutedMailLedger.key("Mail1-a", "acme")).block()).isFalse();
    }

    @Test
    default void aRecordedMailShouldBeKnown() {
        testee().record(RoutedMailLedger.key("Mail1-a", "acme")).block();

        assertThat(testee().contains(RoutedMailLedger.key("Mail1-a", "acme")).block()).isTrue();
    }

    @Test
    default void recordingTwiceShouldBeHarmless() {
        testee().record(RoutedMailLedger.key("Mail1-a", "acme")).block();
        testee().record(RoutedMailLedger.key("Mail1-a", "acme")).block();

        assertThat(testee().contains(RoutedMailLedger.key("Mail1-a", "acme")).block()).isTrue();
    }

    @Test
    default void theSameMailRoutedForAnotherOrganisationShouldBeAnotherRecord() {
        testee().record(RoutedMailLedger.key("Mail1-a", "acme")).block();

        assertThat(testee().contains(RoutedMailLedger.key("Mail1-a", "globex")).block()).isFalse();
        assertThat(testee().contains(RoutedMailLedger.key("Mail2-b", "acme")).block()).isFalse();
    }
}
