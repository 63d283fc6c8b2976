package io.emergencyinbox.core.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.emergencyinbox.core.organisation.OrganisationId;
import io.emergencyinbox.core.outage.OutageId;

/** What every {@link DownstreamStateStore} must do. Implementations give a fresh, empty store per test. */
public interface DownstreamStateStoreContract {
    OrganisationId ACME = OrganisationId.of("acme");
    OrganisationId GLOBEX = OrganisationId.of("globex");
    Instant NOW = Instant.parse("2024-03-01T10:00:00.500Z");
    /** Never goes DOWN: failures only count. */
    HealthPolicy COUNTING_ONLY = new HealthPolicy(Integer.MAX_VALUE, 1);

    DownstreamStateStore testee();

    static DownstreamState down(OrganisationId organisation) {
        return new DownstreamState(organisation, DownstreamHealth.DOWN, NOW, 3, 0, Optional.of(NOW),
            Optional.of("connect to mx1.acme.com:25: Connection refused"), Optional.of(NOW), Optional.of(OutageId.random()), true);
    }

    @Test
    default void getShouldBeEmptyForARouteNeverStored() {
        assertThat(testee().get(ACME).blockOptional()).isEmpty();
    }

    @Test
    default void updateShouldStoreTheResultOfTheChange() {
        DownstreamState down = down(ACME);

        testee().update(ACME, current -> down).block();

        assertThat(testee().get(ACME).blockOptional()).contains(down);
    }

    @Test
    default void updateShouldGiveTheChangeEmptyWhenNothingIsStored() {
        List<Optional<DownstreamState>> seen = new CopyOnWriteArrayList<>();

        testee().update(ACME, current -> {
            seen.add(current);
            return DownstreamState.initial(ACME, NOW);
        }).block();

        assertThat(seen).isNotEmpty().allMatch(Optional::isEmpty);
    }

    @Test
    default void updateShouldGiveTheChangeTheStoredState() {
        DownstreamState down = down(ACME);
        testee().update(ACME, current -> down).block();
        List<Optional<DownstreamState>> seen = new CopyOnWriteArrayList<>();

        testee().update(ACME, current -> {
            seen.add(current);
            return current.orElseThrow();
        }).block();

        assertThat(seen).isNotEmpty().allMatch(current -> current.equals(Optional.of(down)));
    }

    @Test
    default void updateShouldReturnTheStatesBeforeAndAfter() {
        DownstreamState initial = DownstreamState.initial(ACME, NOW);
        DownstreamState down = down(ACME);

        StateChange first = testee().update(ACME, current -> initial).block();
        StateChange second = testee().update(ACME, current -> down).block();

        assertThat(first.before()).isEmpty();
        assertThat(first.after()).isEqualTo(initial);
        assertThat(second.before()).contains(initial);
        assertThat(second.after()).isEqualTo(down);
        assertThat(second.wentDown()).isTrue();
    }

    @Test
    default void updatesOfOneRouteShouldNotAffectAnother() {
        DownstreamState acmeDown = down(ACME);
        DownstreamState globexUp = DownstreamState.initial(GLOBEX, NOW);

        testee().update(ACME, current -> acmeDown).block();
        testee().update(GLOBEX, current -> globexUp).block();

        assertThat(testee().get(ACME).blockOptional()).contains(acmeDown);
        assertThat(testee().get(GLOBEX).blockOptional()).contains(globexUp);
    }

    @Test
    default void listShouldReturnTheStateOfEveryRoute() {
        DownstreamState acmeDown = down(ACME);
        DownstreamState globexUp = DownstreamState.initial(GLOBEX, NOW);
        testee().update(ACME, current -> DownstreamState.initial(ACME, NOW)).block();
        testee().update(ACME, current -> acmeDown).block();
        testee().update(GLOBEX, current -> globexUp).block();

        assertThat(testee().list().collectList().block()).containsExactlyInAnyOrder(acmeDown, globexUp);
    }

    @Test
    default void listShouldBeEmptyWhenNothingIsStored() {
        assertThat(testee().list().collectList().block()).isEmpty();
    }

    @Test
    default void deleteShouldForgetTheState() {
        testee().update(ACME, current -> down(ACME)).block();
        DownstreamState globex = down(GLOBEX);
        testee().update(GLOBEX, current -> globex).block();

        testee().delete(ACME).block();

        assertThat(testee().get(ACME).blockOptional()).isEmpty();
        assertThat(testee().list().collectList().block()).containsExactly(globex);
    }

    @Test
    default void deleteShouldBeIdempotent() {
        testee().update(ACME, current -> down(ACME)).block();

        testee().delete(ACME).block();
        testee().delete(ACME).block();
        testee().delete(GLOBEX).block();

        assertThat(testee().get(ACME).blockOptional()).isEmpty();
    }

    @Test
    default void aDeletedRouteShouldStartAfreshOnTheNextUpdate() {
        testee().update(ACME, current -> down(ACME)).block();
        testee().delete(ACME).block();

        StateChange change = testee().update(ACME, current -> current.orElseGet(() -> DownstreamState.initial(ACME, NOW))).block();

        assertThat(change.before()).isEmpty();
        assertThat(change.after().isUp()).isTrue();
    }

    @Test
    default void concurrentUpdatesShouldNotBeLost() throws Exception {
        int threads = 8;
        int incrementsPerThread = 100;
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int thread = 0; thread < threads; thread++) {
                futures.add(executor.submit(() -> {
                    start.await();
                    for (int i = 0; i < incrementsPerThread; i++) {
                        testee().update(ACME, current -> current.orElseGet(() -> DownstreamState.initial(ACME, NOW))
                            .afterFailure(Evidence.PROBE, NOW, "refused", COUNTING_ONLY, OutageId.random())).block();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            executor.shutdownNow();
        }

        assertThat(testee().get(ACME).block().consecutiveFailures()).isEqualTo(threads * incrementsPerThread);
    }
}
