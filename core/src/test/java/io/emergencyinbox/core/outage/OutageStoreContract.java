package io.emergencyinbox.core.outage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.emergencyinbox.core.organisation.OrganisationId;

/** What every {@link OutageStore} must do. Implementations give a fresh, empty store per test. */
public interface OutageStoreContract {
    OrganisationId ACME = OrganisationId.of("acme");
    OrganisationId GLOBEX = OrganisationId.of("globex");
    Instant START = Instant.parse("2024-03-01T10:00:00.250Z");

    OutageStore testee();

    static Outage outage(OrganisationId organisation, Instant start) {
        return Outage.open(OutageId.random(), organisation, start, OutageTrigger.PROBE, Optional.of("connect to mx1:25: Connection refused"));
    }

    @Test
    default void openedOutageShouldBeReadBack() {
        Outage outage = Outage.open(OutageId.random(), ACME, START, OutageTrigger.MANUAL, Optional.of("planned maintenance"));

        testee().open(outage).block();

        assertThat(testee().get(outage.id()).blockOptional()).contains(outage);
        assertThat(testee().get(outage.id()).block().isOpen()).isTrue();
    }

    @Test
    default void anOutageWithoutReasonShouldBeReadBack() {
        Outage outage = Outage.open(OutageId.random(), ACME, START, OutageTrigger.DELIVERY_FAILURE, Optional.empty());

        testee().open(outage).block();

        assertThat(testee().get(outage.id()).blockOptional()).contains(outage);
    }

    @Test
    default void getShouldBeEmptyForAnUnknownOutage() {
        assertThat(testee().get(OutageId.random()).blockOptional()).isEmpty();
    }

    @Test
    default void openShouldBeIdempotentAndKeepTheFirstRecord() {
        Outage first = outage(ACME, START);
        Outage second = new Outage(first.id(), ACME, START.plusSeconds(60), Optional.empty(), OutageTrigger.MANUAL,
            Optional.of("another reason"), OutageCounters.ZERO);

        testee().open(first).block();
        testee().open(second).block();

        assertThat(testee().get(first.id()).blockOptional()).contains(first);
        assertThat(testee().list(ACME).collectList().block()).hasSize(1);
    }

    @Test
    default void openingAgainShouldNotResetTheCounters() {
        Outage outage = outage(ACME, START);
        testee().open(outage).block();
        testee().increment(outage.id(), OutageCounter.SPOOLED, 3).block();

        testee().open(outage).block();

        assertThat(testee().get(outage.id()).block().counters().spooled()).isEqualTo(3);
    }

    @Test
    default void closeShouldSetTheEnd() {
        Outage outage = outage(ACME, START);
        testee().open(outage).block();
        Instant end = START.plus(Duration.ofHours(3));

        testee().close(outage.id(), end).block();

        Outage closed = testee().get(outage.id()).block();
        assertThat(closed.end()).contains(end);
        assertThat(closed.isOpen()).isFalse();
        assertThat(closed).isEqualTo(outage.closedAt(end));
    }

    @Test
    default void closeShouldBeIdempotentAndKeepTheFirstEnd() {
        Outage outage = outage(ACME, START);
        testee().open(outage).block();
        Instant firstEnd = START.plus(Duration.ofHours(3));

        testee().close(outage.id(), firstEnd).block();
        testee().close(outage.id(), firstEnd.plus(Duration.ofHours(1))).block();

        assertThat(testee().get(outage.id()).block().end()).contains(firstEnd);
    }

    @Test
    default void closeOfAnUnknownOutageShouldCreateNothing() {
        OutageId unknown = OutageId.random();

        testee().close(unknown, START).block();

        assertThat(testee().get(unknown).blockOptional()).isEmpty();
    }

    @Test
    default void aNewOutageShouldHaveZeroCounters() {
        Outage outage = outage(ACME, START);

        testee().open(outage).block();

        assertThat(testee().get(outage.id()).block().counters()).isEqualTo(OutageCounters.ZERO);
    }

    @Test
    default void incrementShouldAddToTheCounter() {
        Outage outage = outage(ACME, START);
        testee().open(outage).block();

        testee().increment(outage.id(), OutageCounter.SPOOLED, 5).block();
        testee().increment(outage.id(), OutageCounter.SPOOLED, 2).block();
        testee().increment(outage.id(), OutageCounter.DELIVERED, 4).block();
        testee().increment(outage.id(), OutageCounter.BOUNCED, 1).block();
        testee().increment(outage.id(), OutageCounter.NOTICES_SENT, 6).block();

        OutageCounters counters = testee().get(outage.id()).block().counters();
        assertThat(counters).isEqualTo(new OutageCounters(Map.of(
            OutageCounter.SPOOLED, 7L, OutageCounter.DELIVERED, 4L, OutageCounter.BOUNCED, 1L, OutageCounter.NOTICES_SENT, 6L)));
        assertThat(counters.stillSpooled()).isEqualTo(2);
    }

    @Test
    default void countersShouldBeKeptAfterClosing() {
        Outage outage = outage(ACME, START);
        testee().open(outage).block();
        testee().increment(outage.id(), OutageCounter.SPOOLED, 5).block();

        testee().close(outage.id(), START.plusSeconds(3600)).block();
        testee().increment(outage.id(), OutageCounter.DELIVERED, 5).block();

        Outage closed = testee().get(outage.id()).block();
        assertThat(closed.counters().spooled()).isEqualTo(5);
        assertThat(closed.counters().delivered()).isEqualTo(5);
        assertThat(closed.end()).isPresent();
    }

    @Test
    default void countersOfDifferentOutagesShouldBeIndependent() {
        Outage first = outage(ACME, START);
        Outage second = outage(ACME, START.plusSeconds(7200));
        testee().open(first).block();
        testee().open(second).block();

        testee().increment(first.id(), OutageCounter.SPOOLED, 3).block();

        assertThat(testee().get(second.id()).block().counters().spooled()).isZero();
    }

    @Test
    default void listShouldReturnTheOutagesOfTheOrganisationNewestFirst() {
        Outage oldest = outage(ACME, START);
        Outage newest = outage(ACME, START.plus(Duration.ofDays(2)));
        Outage middle = outage(ACME, START.plus(Duration.ofDays(1)));
        Outage other = outage(GLOBEX, START.plus(Duration.ofDays(1)));
        testee().open(middle).block();
        testee().open(oldest).block();
        testee().open(other).block();
        testee().open(newest).block();

        assertThat(testee().list(ACME).collectList().block()).containsExactly(newest, middle, oldest);
        assertThat(testee().list(GLOBEX).collectList().block()).containsExactly(other);
    }

    @Test
    default void listShouldCarryEndsAndCounters() {
        Outage outage = outage(ACME, START);
        testee().open(outage).block();
        testee().increment(outage.id(), OutageCounter.BOUNCED, 2).block();
        testee().close(outage.id(), START.plusSeconds(60)).block();

        assertThat(testee().list(ACME).collectList().block()).singleElement()
            .satisfies(listed -> {
                assertThat(listed.end()).contains(START.plusSeconds(60));
                assertThat(listed.counters().bounced()).isEqualTo(2);
            });
    }

    @Test
    default void listShouldBeEmptyForAnOrganisationWithoutOutage() {
        testee().open(outage(ACME, START)).block();

        assertThat(testee().list(GLOBEX).collectList().block()).isEmpty();
    }

    @Test
    default void deleteAllShouldRemoveTheOutagesOfTheOrganisationOnly() {
        Outage acme = outage(ACME, START);
        Outage acmeLater = outage(ACME, START.plusSeconds(3600));
        Outage globex = outage(GLOBEX, START);
        testee().open(acme).block();
        testee().open(acmeLater).block();
        testee().open(globex).block();

        testee().deleteAll(ACME).block();

        assertThat(testee().list(ACME).collectList().block()).isEmpty();
        assertThat(testee().get(acme.id()).blockOptional()).isEmpty();
        assertThat(testee().get(acmeLater.id()).blockOptional()).isEmpty();
        assertThat(testee().list(GLOBEX).collectList().block()).containsExactly(globex);
    }

    @Test
    default void deleteAllShouldBeIdempotent() {
        testee().open(outage(ACME, START)).block();

        testee().deleteAll(ACME).block();
        testee().deleteAll(ACME).block();
        testee().deleteAll(GLOBEX).block();

        assertThat(testee().list(ACME).collectList().block()).isEmpty();
    }
}
