package io.emergencyinbox.cassandra.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.emergencyinbox.cassandra.testing.CassandraExtension;
import io.emergencyinbox.core.organisation.OrganisationId;
import io.emergencyinbox.core.spool.SpoolEntry;
import io.emergencyinbox.core.spool.SpoolEntryId;
import io.emergencyinbox.core.spool.SpoolStoreContract;
import reactor.core.publisher.Flux;

/** What the Cassandra spool adds to the contract: reads that skip what was processed, across day partitions. */
class CassandraSpoolIndexTest {
    private static final OrganisationId ACME = SpoolStoreContract.ACME;
    private static final Instant T0 = SpoolStoreContract.T0;

    @RegisterExtension
    static CassandraExtension cassandra = new CassandraExtension(SpoolTables.SCHEMA);

    private CassandraSpoolStore store;

    @BeforeEach
    void setUp() {
        store = new CassandraSpoolStore(cassandra.storeSession(), Clock.systemUTC());
    }

    @Test
    void anEntryDueBeforeWhatWasAlreadyReadShouldStillBeFound() {
        SpoolEntry later = SpoolStoreContract.entry(ACME, T0.plusSeconds(100));
        store.add(later).block();
        assertThat(store.dueForDelivery(ACME, T0.plusSeconds(50), 10).collectList().block()).isEmpty();

        SpoolEntry earlier = SpoolStoreContract.entry(ACME, T0.plusSeconds(10));
        store.add(earlier).block();

        assertThat(ids(store.dueForDelivery(ACME, T0.plusSeconds(200), 10).collectList().block()))
            .containsExactly(earlier.id(), later.id());
    }

    @Test
    void entriesSpreadOverManyDaysShouldBeReadInOrderAcrossDayPartitions() {
        List<SpoolEntry> entries = Flux.range(0, 5)
            .map(day -> SpoolStoreContract.entry(ACME, T0.plus(Duration.ofDays(day * 3L)).plusSeconds(day)))
            .collectList().block();
        Flux.fromIterable(entries).concatMap(store::add).blockLast();

        assertThat(ids(store.dueForDelivery(ACME, T0.plus(Duration.ofDays(30)), 10).collectList().block()))
            .containsExactlyElementsOf(ids(entries));
        assertThat(ids(store.browse(ACME, Optional.empty(), 10).collectList().block()))
            .containsExactlyElementsOf(ids(entries));
    }

    @Test
    void drainingShouldReadEveryEntryOnceAndLeaveNothingDue() {
        List<SpoolEntry> entries = Flux.range(0, 300).map(i -> SpoolStoreContract.entry(ACME, T0.plusMillis(i * 10L)))
            .collectList().block();
        Flux.fromIterable(entries).flatMap(store::add, 32).blockLast();
        Instant now = T0.plus(Duration.ofHours(1));

        List<SpoolEntryId> drained = new ArrayList<>();
        for (List<SpoolEntry> page = store.dueForDelivery(ACME, now, 50).collectList().block(); !page.isEmpty();
             page = store.dueForDelivery(ACME, now, 50).collectList().block()) {
            page.forEach(entry -> drained.add(entry.id()));
            Flux.fromIterable(page).flatMap(entry -> store.remove(entry.id()), 16).blockLast();
        }

        assertThat(drained).doesNotHaveDuplicates().containsExactlyElementsOf(ids(entries));
        assertThat(store.count(ACME).block()).isZero();
    }

    private static List<SpoolEntryId> ids(List<SpoolEntry> entries) {
        return entries.stream().map(SpoolEntry::id).collect(Collectors.toList());
    }
}
