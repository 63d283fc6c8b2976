package io.emergencyinbox.cassandra.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.emergencyinbox.cassandra.testing.CassandraExtension;
import io.emergencyinbox.core.health.DownstreamState;
import io.emergencyinbox.core.health.DownstreamStateStore;
import io.emergencyinbox.core.health.DownstreamStateStoreContract;
import io.emergencyinbox.core.health.Evidence;
import io.emergencyinbox.core.outage.OutageId;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

class CassandraDownstreamStateStoreTest implements DownstreamStateStoreContract {
    @RegisterExtension
    static CassandraExtension cassandra = new CassandraExtension(DownstreamStateTables.SCHEMA);

    private CassandraDownstreamStateStore store;

    @BeforeEach
    void setUp() {
        store = new CassandraDownstreamStateStore(cassandra.storeSession());
    }

    @Override
    public DownstreamStateStore testee() {
        return store;
    }

    @Test
    void updatesFromTwoNodesWithTheirOwnSessionsShouldNotBeLost() {
        int updatesPerNode = 100;
        DownstreamStateStore nodeA = store;
        DownstreamStateStore nodeB = new CassandraDownstreamStateStore(cassandra.anotherNodeSession());

        Flux.merge(countFailures(nodeA, updatesPerNode), countFailures(nodeB, updatesPerNode))
            .then().block(Duration.ofMinutes(2));

        assertThat(store.get(ACME).block().consecutiveFailures()).isEqualTo(2 * updatesPerNode);
    }

    /** Four concurrent workers of one node, each counting failures one update at a time. */
    private static Flux<Void> countFailures(DownstreamStateStore node, int updates) {
        int workers = 4;
        return Flux.fromIterable(List.of(1, 2, 3, 4))
            .flatMap(worker -> Flux.range(0, updates / workers)
                .concatMap(i -> node.update(ACME, current -> current.orElseGet(() -> DownstreamState.initial(ACME, NOW))
                    .afterFailure(Evidence.PROBE, NOW, "refused", COUNTING_ONLY, OutageId.random())))
                .then()
                .subscribeOn(Schedulers.boundedElastic()))
            .thenMany(Mono.empty());
    }
}
