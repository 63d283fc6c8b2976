package io.emergencyinbox.cassandra.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import org.apache.james.core.MailAddress;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.emergencyinbox.cassandra.testing.CassandraExtension;
import io.emergencyinbox.core.spool.RecipientSpoolSummary;
import io.emergencyinbox.core.spool.SpoolEntry;
import io.emergencyinbox.core.spool.SpoolStore;
import io.emergencyinbox.core.spool.SpoolStoreContract;

class CassandraSpoolStoreTest implements SpoolStoreContract {
    @RegisterExtension
    static CassandraExtension cassandra = new CassandraExtension(SpoolTables.SCHEMA);

    private CassandraSpoolStore store;

    @BeforeEach
    void setUp() {
        store = new CassandraSpoolStore(cassandra.storeSession(), Clock.systemUTC());
    }

    @Override
    public SpoolStore testee() {
        return store;
    }

    /** The gateway's clock gives microseconds; Cassandra keeps milliseconds: an update must not unindex the entry. */
    @Test
    void anEntryWithInstantsFinerThanAMillisecondShouldStayInEveryIndexAcrossUpdates() {
        Instant arrival = Instant.parse("2026-12-01T10:00:00.123456789Z");
        MailAddress bob = SpoolStoreContract.address("bob@acme.com");
        SpoolEntry entry = SpoolStoreContract.entry(ACME, arrival)
            .with(builder -> builder.nextNoticeAt(arrival.plus(Duration.ofHours(4)).plusNanos(1)));
        store.add(entry).block();

        store.update(entry.withRecipient(entry.recipient(bob).orElseThrow().withInboxCopy("copy-1"))).block();
        store.update(store.get(entry.id()).block().with(builder -> builder.attempts(1))).block();

        Instant stored = arrival.truncatedTo(ChronoUnit.MILLIS);
        assertThat(store.summaryFor(bob).block())
            .isEqualTo(new RecipientSpoolSummary(1, Optional.of(stored), Optional.of(stored.plus(MAX_AGE))));
        assertThat(store.browse(ACME, Optional.empty(), 10).map(SpoolEntry::id).collectList().block()).containsExactly(entry.id());
        assertThat(store.dueForDelivery(ACME, arrival, 10).map(SpoolEntry::id).collectList().block()).containsExactly(entry.id());
        assertThat(store.dueForNotice(arrival.plus(Duration.ofHours(5)), 10).map(SpoolEntry::id).collectList().block())
            .containsExactly(entry.id());
        assertThat(store.oldestArrival().block()).isEqualTo(stored);
    }

    /** A gateway killed between an entry's write and its counter's leaves the counter off; a small spool stays exact. */
    @Test
    void aCounterLeftOffByACrashShouldNotShowASmallOrEmptySpoolWrong() {
        SpoolEntry first = SpoolStoreContract.entry(ACME, T0);
        SpoolEntry second = SpoolStoreContract.entry(ACME, T0.plusSeconds(1));
        store.add(first).block();
        store.add(second).block();
        SpoolCountDao counter = new SpoolCountDao(cassandra.storeSession());
        counter.add(ACME, 1).block();

        assertThat(store.count(ACME).block()).isEqualTo(2);

        store.remove(first.id()).block();
        store.remove(second.id()).block();

        assertThat(store.count(ACME).block()).as("empty, whatever the counter says").isZero();
        assertThat(store.countAll().block()).isZero();
    }

    @Test
    void aLargeSpoolShouldBeCountedFromItsCounter() {
        for (int i = 0; i < CassandraSpoolStore.EXACT_COUNT_BELOW; i++) {
            store.add(SpoolStoreContract.entry(ACME, T0.plusSeconds(i))).block();
        }
        new SpoolCountDao(cassandra.storeSession()).add(ACME, 3).block();

        assertThat(store.count(ACME).block()).isEqualTo(CassandraSpoolStore.EXACT_COUNT_BELOW + 3);
    }
}
