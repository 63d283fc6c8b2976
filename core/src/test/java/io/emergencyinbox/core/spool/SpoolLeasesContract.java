package io.emergencyinbox.core.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** What every {@link SpoolLeases} must do. Implementations give fresh leases per test. */
public interface SpoolLeasesContract {
    Instant NOW = Instant.parse("2024-03-01T10:00:00Z");
    Duration LEASE = Duration.ofMinutes(10);
    String NODE_A = "node-a/worker-1";
    String NODE_B = "node-b/worker-7";

    SpoolLeases testee();

    @Test
    default void aFreeLeaseShouldBeAcquired() {
        assertThat(testee().tryAcquire(SpoolEntryId.random(), NODE_A, NOW, NOW.plus(LEASE)).block()).isTrue();
    }

    @Test
    default void aSecondHolderShouldBeRefusedWhileTheLeaseIsValid() {
        SpoolEntryId id = SpoolEntryId.random();
        testee().tryAcquire(id, NODE_A, NOW, NOW.plus(LEASE)).block();

        assertThat(testee().tryAcquire(id, NODE_B, NOW.plusSeconds(1), NOW.plusSeconds(1).plus(LEASE)).block()).isFalse();
        assertThat(testee().tryAcquire(id, NODE_B, NOW.plus(LEASE).minusMillis(1), NOW.plus(LEASE).plus(LEASE)).block()).isFalse();
    }

    @Test
    default void leasesOfDifferentEntriesShouldBeIndependent() {
        SpoolEntryId first = SpoolEntryId.random();
        SpoolEntryId second = SpoolEntryId.random();
        testee().tryAcquire(first, NODE_A, NOW, NOW.plus(LEASE)).block();

        assertThat(testee().tryAcquire(second, NODE_B, NOW, NOW.plus(LEASE)).block()).isTrue();
    }

    @Test
    default void theHolderShouldReacquireItsOwnLease() {
        SpoolEntryId id = SpoolEntryId.random();
        testee().tryAcquire(id, NODE_A, NOW, NOW.plus(LEASE)).block();

        assertThat(testee().tryAcquire(id, NODE_A, NOW.plusSeconds(30), NOW.plusSeconds(30).plus(LEASE)).block()).isTrue();
    }

    @Test
    default void reacquiringShouldExtendTheLease() {
        SpoolEntryId id = SpoolEntryId.random();
        testee().tryAcquire(id, NODE_A, NOW, NOW.plus(LEASE)).block();
        testee().tryAcquire(id, NODE_A, NOW.plus(Duration.ofMinutes(5)), NOW.plus(Duration.ofMinutes(5)).plus(LEASE)).block();

        Instant afterFirstLease = NOW.plus(LEASE).plusSeconds(1);
        assertThat(testee().tryAcquire(id, NODE_B, afterFirstLease, afterFirstLease.plus(LEASE)).block()).isFalse();
    }

    @Test
    default void anExpiredLeaseShouldBeTakenByAnotherHolder() {
        SpoolEntryId id = SpoolEntryId.random();
        testee().tryAcquire(id, NODE_A, NOW, NOW.plus(LEASE)).block();

        Instant expired = NOW.plus(LEASE).plusSeconds(1);
        assertThat(testee().tryAcquire(id, NODE_B, expired, expired.plus(LEASE)).block()).isTrue();
        assertThat(testee().tryAcquire(id, NODE_A, expired.plusSeconds(1), expired.plus(LEASE)).block()).isFalse();
    }

    @Test
    default void aLeaseShouldBeFreeOnceItsEndIsReached() {
        SpoolEntryId id = SpoolEntryId.random();
        testee().tryAcquire(id, NODE_A, NOW, NOW.plus(LEASE)).block();

        assertThat(testee().tryAcquire(id, NODE_B, NOW.plus(LEASE), NOW.plus(LEASE).plus(LEASE)).block()).isTrue();
    }

    @Test
    default void releaseShouldFreeTheLeaseForOthers() {
        SpoolEntryId id = SpoolEntryId.random();
        testee().tryAcquire(id, NODE_A, NOW, NOW.plus(LEASE)).block();

        testee().release(id, NODE_A).block();

        assertThat(testee().tryAcquire(id, NODE_B, NOW.plusSeconds(1), NOW.plusSeconds(1).plus(LEASE)).block()).isTrue();
    }

    @Test
    default void releaseByAnotherHolderShouldNotFreeTheLease() {
        SpoolEntryId id = SpoolEntryId.random();
        testee().tryAcquire(id, NODE_A, NOW, NOW.plus(LEASE)).block();

        testee().release(id, NODE_B).block();

        assertThat(testee().tryAcquire(id, NODE_B, NOW.plusSeconds(1), NOW.plusSeconds(1).plus(LEASE)).block()).isFalse();
        assertThat(testee().tryAcquire(id, NODE_A, NOW.plusSeconds(1), NOW.plusSeconds(1).plus(LEASE)).block()).isTrue();
    }

    @Test
    default void releaseShouldBeIdempotent() {
        SpoolEntryId id = SpoolEntryId.random();
        testee().tryAcquire(id, NODE_A, NOW, NOW.plus(LEASE)).block();

        testee().release(id, NODE_A).block();
        testee().release(id, NODE_A).block();
        testee().release(SpoolEntryId.random(), NODE_A).block();

        assertThat(testee().tryAcquire(id, NODE_B, NOW, NOW.plus(LEASE)).block()).isTrue();
    }
}
