package io.emergencyinbox.cassandra.spool;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;

import com.datastax.oss.driver.api.core.cql.Row;
import com.google.common.collect.Sets;

import io.emergencyinbox.cassandra.ConcurrentUpdateException;
import io.emergencyinbox.cassandra.ContentionBackoff;
import io.emergencyinbox.cassandra.LightweightTransactions;
import io.emergencyinbox.cassandra.StoreSession;
import io.emergencyinbox.core.organisation.OrganisationId;
import io.emergencyinbox.core.spool.RecipientSpoolSummary;
import io.emergencyinbox.core.spool.SpoolCursor;
import io.emergencyinbox.core.spool.SpoolEntry;
import io.emergencyinbox.core.spool.SpoolEntryId;
import io.emergencyinbox.core.spool.SpoolEntryNotFoundException;
import io.emergencyinbox.core.spool.SpoolStore;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The spool's metadata in Cassandra (docs/cassandra.md, "Spool"). Reads of due entries and browsing go
 * through the indexes, a page at a time, and look each indexed entry up by id: the spool is never scanned.
 *
 * <p>Writes keep the indexes consistent without a multi-table transaction: index rows of a new revision are
 * written first, then the entry by a lightweight transaction on its revision, then the rows of the replaced
 * revision are deleted. A crash between the steps leaves index rows that no entry matches; reads skip them (and
 * delete them once they are old), so an entry is never lost from its indexes and never shown twice.
 */
public class CassandraSpoolStore implements SpoolStore {
    /** Below this many entries an organisation's count is read from its entries, not only its counter. */
    static final int EXACT_COUNT_BELOW = 100;

    private static final int MAX_ATTEMPTS = 50;

    private final SpoolEntryDao entries;
    private final SpoolIndexes indexes;
    private final SpoolCountDao counts;
    private final PendingByRecipient pendingByRecipient;

    @Inject
    public CassandraSpoolStore(StoreSession session, Clock clock) {
        this.entries = new SpoolEntryDao(session);
        this.indexes = new SpoolIndexes(session, clock);
        this.counts = new SpoolCountDao(session);
        this.pendingByRecipient = new PendingByRecipient(session, clock);
    }

    /** Adding an id that is already stored replaces that entry, as the memory store does. */
    @Override
    public Mono<Void> add(SpoolEntry entry) {
        UUID revision = UUID.randomUUID();
        Set<PendingByRecipient.Key> recipientRows = PendingByRecipient.keysOf(entry);
        return Mono.when(indexes.indexRevision(entry, revision), indexes.indexArrival(entry),
                pendingByRecipient.index(entry, recipientRows))
            .then(entries.insertIfAbsent(entry, revision)
                .onErrorResume(LightweightTransactions::outcomeUnknown, unknown -> isCurrent(entry.id(), revision)))
            .flatMap(inserted -> inserted
                ? Mono.when(counts.add(entry.organisation(), 1),
                    pendingByRecipient.count(PendingByRecipient.countChanges(Set.of(), recipientRows)))
                : indexes.unindexRevision(entry, revision).then(update(entry)));
    }

    @Override
    public Mono<SpoolEntry> get(SpoolEntryId id) {
        return entries.read(id).map(versioned -> versioned.entry);
    }

    @Override
    public Mono<Void> update(SpoolEntry entry) {
        return update(entry, 1);
    }

    @Override
    public Mono<Void> remove(SpoolEntryId id) {
        return remove(id, 1);
    }

    @Override
    public Flux<SpoolEntry> dueForDelivery(OrganisationId organisation, Instant now, int limit) {
        return indexes.dueForDelivery(organisation, now, limit, this::currentRevision).flatMapMany(Flux::fromIterable);
    }

    @Override
    public Flux<SpoolEntry> dueForNotice(Instant now, int limit) {
        return indexes.dueForNotice(now, limit, this::currentRevision).flatMapMany(Flux::fromIterable);
    }

    @Override
    public Flux<SpoolEntry> browse(OrganisationId organisation, Optional<SpoolCursor> after, int limit) {
        return indexes.byArrival(organisation, after, limit, this::storedEntry).flatMapMany(Flux::fromIterable);
    }

    /**
     * The counter, one row read, for a large spool; below {@link #EXACT_COUNT_BELOW} the entries themselves (one index
     * page). A gateway killed between writing an entry and moving the counter leaves the counter off for good: a
     * large count may be off by the operations a crash cut, but a small one is exact, and an empty spool shows empty
     * (an organisation can be deleted only then).
     */
    @Override
    public Mono<Long> count(OrganisationId organisation) {
        return counts.count(organisation).flatMap(counted -> exactWhenSmall(organisation, counted));
    }

    /** The sum of {@link #count}, reading the entries only of organisations whose counter is small and not zero. */
    @Override
    public Mono<Long> countAll() {
        return counts.all()
            .flatMap(counted -> counted.getValue() == 0 ? Mono.just(0L) : exactWhenSmall(counted.getKey(), counted.getValue()))
            .reduce(0L, Long::sum);
    }

    private Mono<Long> exactWhenSmall(OrganisationId organisation, long counted) {
        if (counted >= EXACT_COUNT_BELOW) {
            return Mono.just(counted);
        }
        return indexes.byArrival(organisation, Optional.empty(), EXACT_COUNT_BELOW, this::storedEntry)
            .map(entries -> (long) entries.size());
    }

    /** The first arrival of each organisation that has entries (one index read each), then the earliest. */
    @Override
    public Mono<Instant> oldestArrival() {
        return counts.organisationsWithEntries()
            .flatMap(organisation -> indexes.byArrival(organisation, Optional.empty(), 1, this::storedEntry))
            .flatMapIterable(first -> first)
            .map(SpoolEntry::arrival)
            .reduce((left, right) -> left.isBefore(right) ? left : right);
    }

    /** The recipient's counter, and the oldest entry from the first live row of its index. */
    @Override
    public Mono<RecipientSpoolSummary> summaryFor(MailAddress recipient) {
        return pendingByRecipient.pending(recipient).flatMap(pending -> {
            if (pending <= 0) {
                return Mono.just(RecipientSpoolSummary.EMPTY);
            }
            return pendingByRecipient.oldest(recipient, row -> pendingFor(recipient, row))
                .map(oldest -> oldest
                    .map(entry -> new RecipientSpoolSummary(pending, Optional.of(entry.arrival()), Optional.of(entry.expiry())))
                    .orElse(RecipientSpoolSummary.EMPTY));
        });
    }

    private Mono<Void> update(SpoolEntry entry, int attempt) {
        return entries.read(entry.id())
            .switchIfEmpty(Mono.error(() -> new SpoolEntryNotFoundException(entry.id())))
            .flatMap(current -> {
                UUID revision = UUID.randomUUID();
                Set<PendingByRecipient.Key> rowsBefore = PendingByRecipient.keysOf(current.entry);
                Set<PendingByRecipient.Key> rowsAfter = PendingByRecipient.keysOf(entry);
                // Rows another writer may share are never deleted by a loser: unmatched rows are skipped by reads.
                return Mono.when(indexes.indexRevision(entry, revision),
                        pendingByRecipient.index(entry, Sets.difference(rowsAfter, rowsBefore)))
                    .then(moveArrivalIfChanged(current.entry, entry))
                    .then(entries.replaceIfRevision(entry, revision, current.revision)
                        .onErrorResume(LightweightTransactions::outcomeUnknown, unknown -> isCurrent(entry.id(), revision)))
                    .flatMap(replaced -> replaced
                        ? Mono.when(indexes.unindexRevision(current.entry, current.revision),
                            pendingByRecipient.unindex(current.entry, Sets.difference(rowsBefore, rowsAfter)),
                            pendingByRecipient.count(PendingByRecipient.countChanges(rowsBefore, rowsAfter)))
                        : indexes.unindexRevision(entry, revision).then(retry("Spool entry " + entry.id(), attempt,
                            () -> update(entry, attempt + 1))));
            });
    }

    private Mono<Void> moveArrivalIfChanged(SpoolEntry current, SpoolEntry replacement) {
        // The stored entry's instants are whole milliseconds, the caller's may be finer: the same row either way.
        if (current.arrival().toEpochMilli() == replacement.arrival().toEpochMilli()
            && current.organisation().equals(replacement.organisation())) {
            return Mono.empty();
        }
        return indexes.indexArrival(replacement).then(indexes.unindexArrival(current));
    }

    private Mono<Void> remove(SpoolEntryId id, int attempt) {
        return entries.read(id).flatMap(current -> entries.deleteIfRevision(id, current.revision)
            .onErrorResume(LightweightTransactions::outcomeUnknown, unknown -> entries.readSerial(id).hasElement().map(exists -> !exists))
            .flatMap(deleted -> deleted
                ? Mono.when(indexes.unindexRevision(current.entry, current.revision), indexes.unindexArrival(current.entry),
                    counts.add(current.entry.organisation(), -1),
                    pendingByRecipient.unindex(current.entry, PendingByRecipient.keysOf(current.entry)),
                    pendingByRecipient.count(PendingByRecipient.countChanges(PendingByRecipient.keysOf(current.entry), Set.of())))
                : retry("Spool entry " + id, attempt, () -> remove(id, attempt + 1))));
    }

    private static Mono<Void> retry(String what, int attempt, Supplier<Mono<Void>> again) {
        if (attempt >= MAX_ATTEMPTS) {
            return Mono.error(new ConcurrentUpdateException(what, attempt));
        }
        return ContentionBackoff.pause(attempt).then(Mono.defer(again));
    }

    /** After a transaction with an unknown outcome: whether the entry now carries that revision. */
    private Mono<Boolean> isCurrent(SpoolEntryId id, UUID revision) {
        return entries.readSerial(id).map(versioned -> versioned.revision.equals(revision)).defaultIfEmpty(false);
    }

    /** A due-for-delivery or due-for-notice row is live when its entry still has the row's revision. */
    private Mono<Optional<SpoolEntry>> currentRevision(Row indexRow) {
        return entries.read(SpoolEntryId.of(indexRow.getUuid("entry_id")))
            .filter(versioned -> versioned.revision.equals(indexRow.getUuid("revision")))
            .map(versioned -> Optional.of(versioned.entry))
            .defaultIfEmpty(Optional.empty());
    }

    /** A recipient row is live when its entry exists with that arrival and still owes that recipient. */
    private Mono<Optional<SpoolEntry>> pendingFor(MailAddress recipient, Row indexRow) {
        return storedEntry(indexRow, entry -> true)
            .map(found -> found.filter(entry -> entry.pendingRecipients().stream()
                .anyMatch(pending -> pending.address().equals(recipient))));
    }

    /** An arrival row is live when its entry exists with that arrival. */
    private Mono<Optional<SpoolEntry>> storedEntry(Row indexRow) {
        return storedEntry(indexRow, entry -> entry.organisation().asString().equals(indexRow.getString("bucket")));
    }

    private Mono<Optional<SpoolEntry>> storedEntry(Row indexRow, Predicate<SpoolEntry> ofBucket) {
        return entries.read(SpoolEntryId.of(indexRow.getUuid("entry_id")))
            .map(versioned -> versioned.entry)
            .filter(entry -> entry.arrival().toEpochMilli() == indexRow.getInstant("arrival").toEpochMilli() && ofBucket.test(entry))
            .map(Optional::of)
            .defaultIfEmpty(Optional.empty());
    }
}
