package io.emergencyinbox.cassandra.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.emergencyinbox.cassandra.testing.CassandraExtension;
import io.emergencyinbox.core.spool.SpoolEntryId;
import io.emergencyinbox.core.spool.SpoolLeases;
import io.emergencyinbox.core.spool.SpoolLeasesContract;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

class CassandraSpoolLeasesTest implements SpoolLeasesContract {
    @RegisterExtension
    static CassandraExtension cassandra = new CassandraExtension(SpoolLeaseTables.SCHEMA);

    private CassandraSpoolLeases leases;

    @BeforeEach
    void setUp() {
        leases = new CassandraSpoolLeases(cassandra.storeSession());
    }

    @Override
    public SpoolLeases testee() {
        return leases;
    }

    @RepeatedTest(3)
    void twoNodesRacingForTheSameEntriesShouldNeverBothAcquireOne() {
        SpoolLeases nodeA = leases;
        SpoolLeases nodeB = new CassandraSpoolLeases(cassandra.anotherNodeSession());
        List<SpoolEntryId> entries = IntStream.range(0, 20).mapToObj(i -> SpoolEntryId.random()).collect(Collectors.toList());

        List<Boolean> outcomes = Flux.fromIterable(entries)
            .flatMap(entry -> Flux.merge(
                    race(nodeA, entry, NODE_A),
                    race(nodeB, entry, NODE_B))
                .reduce(0, (winners, acquired) -> acquired ? winners + 1 : winners)
                .map(winners -> winners == 1))
            .collectList()
            .block(Duration.ofMinutes(1));

        assertThat(outcomes).hasSize(entries.size()).containsOnly(true);
    }

    private static Mono<Boolean> race(SpoolLeases node, SpoolEntryId entry, String holder) {
        Instant now = NOW;
        return node.tryAcquire(entry, holder, now, now.plus(LEASE)).subscribeOn(Schedulers.boundedElastic());
    }
}
