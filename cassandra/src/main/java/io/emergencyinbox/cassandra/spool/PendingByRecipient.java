package io.emergencyinbox.cassandra.spool;

import static io.emergencyinbox.cassandra.spool.SpoolTables.SPOOL_INDEX_BOUNDS;
import static io.emergencyinbox.cassandra.spool.SpoolTables.SPOOL_PENDING_BY_RECIPIENT;
import static io.emergencyinbox.cassandra.spool.SpoolTables.SPOOL_RECIPIENT_COUNTS;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.apache.james.core.MailAddress;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.google.common.collect.Sets;

import io.emergencyinbox.cassandra.StoreSession;
import io.emergencyinbox.cassandra.index.TimeOrderedIndex;
import io.emergencyinbox.cassandra.index.TimeOrderedIndex.Classifier;
import io.emergencyinbox.core.spool.SpoolEntry;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What the spool still owes each recipient: the {@code spool_pending_by_recipient} index (one row per entry
 * and pending recipient, in arrival order) and the {@code spool_recipient_counts} counters. Recipients are
 * keyed by their lower-case address, as {@link MailAddress} compares them.
 */
class PendingByRecipient {
    /** One index row of an entry: the recipient's key and the entry's arrival, to the millisecond as stored. */
    static final class Key {
        final String recipient;
        final Instant arrival;

        Key(String recipient, Instant arrival) {
            this.recipient = recipient;
            this.arrival = arrival.truncatedTo(ChronoUnit.MILLIS);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key && ((Key) o).recipient.equals(recipient) && ((Key) o).arrival.equals(arrival);
        }

        @Override
        public int hashCode() {
            return Objects.hash(recipient, arrival);
        }
    }

    static String key(MailAddress recipient) {
        return recipient.asString().toLowerCase(Locale.ROOT);
    }

    /** The index rows an entry must have: one per distinct pending recipient. */
    static Set<Key> keysOf(SpoolEntry entry) {
        return entry.pendingRecipients().stream()
            .map(recipient -> new Key(key(recipient.address()), entry.arrival()))
            .collect(Collectors.toSet());
    }

    /** How each recipient's count moves when an entry goes from {@code before} to {@code after} rows. */
    static Map<String, Long> countChanges(Set<Key> before, Set<Key> after) {
        Map<String, Long> changes = new TreeMap<>();
        Set<String> recipientsBefore = before.stream().map(key -> key.recipient).collect(Collectors.toSet());
        Set<String> recipientsAfter = after.stream().map(key -> key.recipient).collect(Collectors.toSet());
        Sets.difference(recipientsAfter, recipientsBefore).forEach(recipient -> changes.put(recipient, 1L));
        Sets.difference(recipientsBefore, recipientsAfter).forEach(recipient -> changes.put(recipient, -1L));
        return changes;
    }

    private final StoreSession session;
    private final Clock clock;
    private final TimeOrderedIndex index;
    private final PreparedStatement insert;
    private final PreparedStatement delete;
    private final PreparedStatement addToCount;
    private final PreparedStatement selectCount;

    PendingByRecipient(StoreSession session, Clock clock) {
        this.session = session;
        this.clock = clock;
        this.index = new TimeOrderedIndex(session, SPOOL_PENDING_BY_RECIPIENT, "arrival", List.of("entry_id"),
            SPOOL_INDEX_BOUNDS, SPOOL_PENDING_BY_RECIPIENT.name(), clock);
        this.insert = session.prepare("INSERT INTO %s (bucket, day, arrival, entry_id, indexed_at) VALUES (?, ?, ?, ?, ?)",
            SPOOL_PENDING_BY_RECIPIENT);
        this.delete = session.prepare("DELETE FROM %s WHERE bucket = ? AND day = ? AND arrival = ? AND entry_id = ?",
            SPOOL_PENDING_BY_RECIPIENT);
        this.addToCount = session.prepare("UPDATE %s SET pending = pending + ? WHERE recipient = ?", SPOOL_RECIPIENT_COUNTS);
        this.selectCount = session.prepare("SELECT pending FROM %s WHERE recipient = ?", SPOOL_RECIPIENT_COUNTS);
    }

    /** Writes the rows, and makes reads of each recipient's index reach them. */
    Mono<Void> index(SpoolEntry entry, Set<Key> keys) {
        Instant now = clock.instant();
        return Flux.fromIterable(keys)
            .flatMap(key -> session.write(insert.bind(key.recipient, TimeOrderedIndex.day(key.arrival), key.arrival,
                    entry.id().asUuid(), now))
                .then(index.reach(key.recipient, key.arrival)))
            .then();
    }

    Mono<Void> unindex(SpoolEntry entry, Set<Key> keys) {
        return Flux.fromIterable(keys)
            .flatMap(key -> session.write(delete.bind(key.recipient, TimeOrderedIndex.day(key.arrival), key.arrival,
                entry.id().asUuid())))
            .then();
    }

    /** Counter writes are not idempotent: called once, by the writer whose transaction applied. */
    Mono<Void> count(Map<String, Long> changes) {
        return Flux.fromIterable(changes.entrySet())
            .flatMap(change -> session.write(addToCount.bind(change.getValue(), change.getKey())))
            .then();
    }

    Mono<Long> pending(MailAddress recipient) {
        return session.row(selectCount.bind(key(recipient))).map(row -> row.getLong("pending")).defaultIfEmpty(0L);
    }

    /** The recipient's first live row, read from the floor of its index. */
    <T> Mono<Optional<T>> oldest(MailAddress recipient, Classifier<T> classifier) {
        return index.firstLive(key(recipient), Optional.empty(), 1, classifier)
            .map(first -> first.stream().findFirst());
    }
}
