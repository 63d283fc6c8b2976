package io.emergencyinbox.cassandra.spool;

import static io.emergencyinbox.cassandra.spool.SpoolTables.ALL_ORGANISATIONS;
import static io.emergencyinbox.cassandra.spool.SpoolTables.SPOOL_BY_ARRIVAL;
import static io.emergencyinbox.cassandra.spool.SpoolTables.SPOOL_DUE_FOR_DELIVERY;
import static io.emergencyinbox.cassandra.spool.SpoolTables.SPOOL_DUE_FOR_NOTICE;
import static io.emergencyinbox.cassandra.spool.SpoolTables.SPOOL_INDEX_BOUNDS;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;

import io.emergencyinbox.cassandra.StoreSession;
import io.emergencyinbox.cassandra.index.TimeOrderedIndex;
import io.emergencyinbox.cassandra.index.TimeOrderedIndex.Classifier;
import io.emergencyinbox.core.organisation.OrganisationId;
import io.emergencyinbox.core.spool.SpoolCursor;
import io.emergencyinbox.core.spool.SpoolEntry;
import reactor.core.publisher.Mono;

/**
 * The spool's three indexes. The due-for-delivery and due-for-notice rows are written for one revision of
 * an entry and replaced by every update; the arrival row is written once per entry.
 */
class SpoolIndexes {
    private final StoreSession session;
    private final Clock clock;
    private final TimeOrderedIndex dueForDelivery;
    private final TimeOrderedIndex dueForNotice;
    private final TimeOrderedIndex byArrival;
    private final PreparedStatement insertDelivery;
    private final PreparedStatement deleteDelivery;
    private final PreparedStatement insertNotice;
    private final PreparedStatement deleteNotice;
    private final PreparedStatement insertArrival;
    private final PreparedStatement deleteArrival;
    private final PreparedStatement arrivalsAfterCursor;

    SpoolIndexes(StoreSession session, Clock clock) {
        this.session = session;
        this.clock = clock;
        List<String> revisionTail = List.of("arrival", "entry_id", "revision");
        this.dueForDelivery = new TimeOrderedIndex(session, SPOOL_DUE_FOR_DELIVERY, "next_attempt", revisionTail,
            SPOOL_INDEX_BOUNDS, SPOOL_DUE_FOR_DELIVERY.name(), clock);
        this.dueForNotice = new TimeOrderedIndex(session, SPOOL_DUE_FOR_NOTICE, "next_notice_at", revisionTail,
            SPOOL_INDEX_BOUNDS, SPOOL_DUE_FOR_NOTICE.name(), clock);
        this.byArrival = new TimeOrderedIndex(session, SPOOL_BY_ARRIVAL, "arrival", List.of("entry_id"),
            SPOOL_INDEX_BOUNDS, SPOOL_BY_ARRIVAL.name(), clock);
        this.insertDelivery = session.prepare("INSERT INTO %s (bucket, day, next_attempt, arrival, entry_id, revision, indexed_at) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?)", SPOOL_DUE_FOR_DELIVERY);
        this.deleteDelivery = session.prepare("DELETE FROM %s WHERE bucket = ? AND day = ? AND next_attempt = ? AND arrival = ? "
            + "AND entry_id = ? AND revision = ?", SPOOL_DUE_FOR_DELIVERY);
        this.insertNotice = session.prepare("INSERT INTO %s (bucket, day, next_notice_at, arrival, entry_id, revision, indexed_at) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?)", SPOOL_DUE_FOR_NOTICE);
        this.deleteNotice = session.prepare("DELETE FROM %s WHERE bucket = ? AND day = ? AND next_notice_at = ? AND arrival = ? "
            + "AND entry_id = ? AND revision = ?", SPOOL_DUE_FOR_NOTICE);
        this.insertArrival = session.prepare("INSERT INTO %s (bucket, day, arrival, entry_id, indexed_at) VALUES (?, ?, ?, ?, ?)",
            SPOOL_BY_ARRIVAL);
        this.deleteArrival = session.prepare("DELETE FROM %s WHERE bucket = ? AND day = ? AND arrival = ? AND entry_id = ?",
            SPOOL_BY_ARRIVAL);
        this.arrivalsAfterCursor = session.prepare("SELECT * FROM %s WHERE bucket = ? AND day = ? AND (arrival, entry_id) > (?, ?)",
            SPOOL_BY_ARRIVAL);
    }

    /** Indexes a revision of an entry by next attempt and next notice time, and makes reads reach it. */
    Mono<Void> indexRevision(SpoolEntry entry, UUID revision) {
        String organisation = entry.organisation().asString();
        Instant now = clock.instant();
        return Mono.when(
            session.write(insertDelivery.bind(organisation, TimeOrderedIndex.day(entry.nextAttempt()), entry.nextAttempt(),
                entry.arrival(), entry.id().asUuid(), revision, now)).then(dueForDelivery.reach(organisation, entry.nextAttempt())),
            session.write(insertNotice.bind(ALL_ORGANISATIONS, TimeOrderedIndex.day(entry.nextNoticeAt()), entry.nextNoticeAt(),
                entry.arrival(), entry.id().asUuid(), revision, now)).then(dueForNotice.reach(ALL_ORGANISATIONS, entry.nextNoticeAt())));
    }

    Mono<Void> unindexRevision(SpoolEntry entry, UUID revision) {
        return Mono.when(
            session.write(deleteDelivery.bind(entry.organisation().asString(), TimeOrderedIndex.day(entry.nextAttempt()),
                entry.nextAttempt(), entry.arrival(), entry.id().asUuid(), revision)),
            session.write(deleteNotice.bind(ALL_ORGANISATIONS, TimeOrderedIndex.day(entry.nextNoticeAt()),
                entry.nextNoticeAt(), entry.arrival(), entry.id().asUuid(), revision)));
    }

    Mono<Void> indexArrival(SpoolEntry entry) {
        String organisation = entry.organisation().asString();
        return session.write(insertArrival.bind(organisation, TimeOrderedIndex.day(entry.arrival()), entry.arrival(),
                entry.id().asUuid(), clock.instant()))
            .then(byArrival.reach(organisation, entry.arrival()));
    }

    Mono<Void> unindexArrival(SpoolEntry entry) {
        return session.write(deleteArrival.bind(entry.organisation().asString(), TimeOrderedIndex.day(entry.arrival()),
            entry.arrival(), entry.id().asUuid()));
    }

    <T> Mono<List<T>> dueForDelivery(OrganisationId organisation, Instant now, int limit, Classifier<T> classifier) {
        return dueForDelivery.firstLive(organisation.asString(), Optional.of(now), limit, classifier);
    }

    <T> Mono<List<T>> dueForNotice(Instant now, int limit, Classifier<T> classifier) {
        return dueForNotice.firstLive(ALL_ORGANISATIONS, Optional.of(now), limit, classifier);
    }

    <T> Mono<List<T>> byArrival(OrganisationId organisation, Optional<SpoolCursor> after, int limit, Classifier<T> classifier) {
        String bucket = organisation.asString();
        return after
            .map(cursor -> byArrival.liveAfter(bucket, cursor.arrival(),
                day -> arrivalsAfterCursor.bind(bucket, day, cursor.arrival(), cursor.id().asUuid()), limit, classifier))
            .orElseGet(() -> byArrival.firstLive(bucket, Optional.empty(), limit, classifier));
    }
}
