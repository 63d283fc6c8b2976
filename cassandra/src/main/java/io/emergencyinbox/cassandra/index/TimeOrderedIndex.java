package io.emergencyinbox.cassandra.index;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.google.common.collect.ImmutableList;

import io.emergencyinbox.cassandra.ConcurrentUpdateException;
import io.emergencyinbox.cassandra.ContentionBackoff;
import io.emergencyinbox.cassandra.StoreSession;
import io.emergencyinbox.cassandra.schema.SchemaElement;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An index read from its earliest position, like a queue: the spool's due-for-delivery, due-for-notice and
 * arrival indexes, the inbox retention ledger. Rows live in partitions of one bucket (an organisation, or
 * {@code all}) and one UTC day of their position: {@code PRIMARY KEY ((bucket, day), <position>, <tail>...)}, plus
 * an {@code indexed_at} column.
 *
 * <p>Such an index is written at its back and deleted at its front, which in Cassandra leaves tombstones where
 * reads start; read naively, every page would walk over every row ever delivered. So each bucket keeps, in a
 * bounds table, a <em>floor</em> (no row that can still matter lies before it) and its <em>last day</em>
 * (no row lies in a later day partition). Reads start at the floor and stop at the last day or at {@code now};
 * a read moves the floor up to the first row it could not skip. The protocol, all of whose floor changes are
 * lightweight transactions:
 * <ul>
 *   <li>a writer writes its index row, then {@link #reach}es it: lowers the floor (and raises the last day)
 *   when they exclude it;</li>
 *   <li>a reader that moved the floor from F to G reads [F, G) once more and lowers the floor again for any row
 *   it finds there. A writer that read the floor before the move wrote its row before that second read, and
 *   a writer that read it after the move lowers the floor itself: a row is never left below the floor.</li>
 * </ul>
 * A row the caller's classifier does not find live (its entry changed, or is being written) still holds the
 * floor back while its {@code indexed_at} is younger than {@link #IN_FLIGHT_GRACE}: it may belong to a write
 * in progress. Older ones are left-overs of a crashed writer and are deleted when met.
 */
public final class TimeOrderedIndex {
    /** Longer than any write in progress can take between writing its index row and its entry. */
    public static final Duration IN_FLIGHT_GRACE = Duration.ofMinutes(10);
    private static final int MAX_BOUND_ATTEMPTS = 50;
    private static final int CONCURRENT_CLASSIFICATIONS = 16;
    /** Rows fetched per round trip: a page of the scheduler plus what it may have to skip. */
    private static final int ROWS_PER_PAGE = 256;

    /** What a read makes of one index row: the value when the row is live. */
    @FunctionalInterface
    public interface Classifier<T> {
        Mono<Optional<T>> classify(Row row);
    }

    public static long day(Instant instant) {
        return Math.floorDiv(instant.getEpochSecond(), Duration.ofDays(1).toSeconds());
    }

    private static Instant endOfDay(long day) {
        return Instant.ofEpochSecond((day + 1) * Duration.ofDays(1).toSeconds()).minusMillis(1);
    }

    private final StoreSession session;
    private final String positionColumn;
    private final List<String> keyColumns;
    private final IndexBoundsDao bounds;
    private final Clock clock;
    private final PreparedStatement rowsBetween;
    private final PreparedStatement rowsBefore;
    private final PreparedStatement rowsFrom;
    private final PreparedStatement deleteRow;

    /**
     * @param tailColumns the clustering columns after the position, in order
     * @param indexName   the name of this index in the bounds table
     */
    public TimeOrderedIndex(StoreSession session, SchemaElement table, String positionColumn, List<String> tailColumns,
                            SchemaElement boundsTable, String indexName, Clock clock) {
        this.session = session;
        this.positionColumn = positionColumn;
        this.keyColumns = ImmutableList.<String>builder().add("bucket", "day", positionColumn).addAll(tailColumns).build();
        this.bounds = new IndexBoundsDao(session, boundsTable, indexName);
        this.clock = clock;
        String partition = "SELECT * FROM %s WHERE bucket = ? AND day = ? AND " + positionColumn;
        this.rowsBetween = session.prepare(partition + " >= ? AND " + positionColumn + " <= ?", table);
        this.rowsBefore = session.prepare(partition + " >= ? AND " + positionColumn + " < ?", table);
        this.rowsFrom = session.prepare(partition + " >= ?", table);
        this.deleteRow = session.prepare("DELETE FROM %s WHERE "
            + keyColumns.stream().map(column -> column + " = ?").collect(Collectors.joining(" AND ")), table);
    }

    /** To call after writing an index row at that position: makes sure reads reach it. */
    public Mono<Void> reach(String bucket, Instant position) {
        return reach(bucket, position.truncatedTo(ChronoUnit.MILLIS), 1);
    }

    /**
     * The first {@code limit} live rows with a position up to {@code until} (or up to the last row), in index
     * order; moves the floor past what it could skip.
     */
    public <T> Mono<List<T>> firstLive(String bucket, Optional<Instant> until, int limit, Classifier<T> classifier) {
        if (limit <= 0) {
            return Mono.just(List.of());
        }
        return bounds.read(bucket).flatMap(current -> {
            // Whole milliseconds, as stored: a finer bound would move the floor past rows it did not read.
            Instant to = until.map(instant -> instant.truncatedTo(ChronoUnit.MILLIS))
                .filter(instant -> instant.isBefore(endOfDay(current.lastDay))).orElse(endOfDay(current.lastDay));
            if (to.isBefore(current.floor)) {
                return Mono.just(List.<T>of());
            }
            Flux<Row> rows = rowsOfDays(day(current.floor), day(to),
                day -> rowsBetween.bind(bucket, day, current.floor, to));
            return scan(rows, limit, classifier)
                .flatMap(scan -> moveFloor(bucket, current.floor, scan.nextFloor(to), classifier).thenReturn(scan.live));
        }).defaultIfEmpty(List.of());
    }

    /**
     * The first {@code limit} live rows after a position, in index order, without moving the floor: the rows of
     * the position's day come from {@code firstDayRows} (which applies the exact start), later days entirely.
     */
    public <T> Mono<List<T>> liveAfter(String bucket, Instant position, LongFunction<BoundStatement> firstDayRows, int limit,
                                       Classifier<T> classifier) {
        if (limit <= 0) {
            return Mono.just(List.of());
        }
        long firstDay = day(position);
        return bounds.read(bucket).flatMap(current -> {
            Flux<Row> rows = rowsOfDays(firstDay, current.lastDay,
                day -> day == firstDay ? firstDayRows.apply(day) : rowsFrom.bind(bucket, day, current.floor));
            return scan(rows, limit, classifier).map(scan -> scan.live);
        }).defaultIfEmpty(List.of());
    }

    /** Deletes an index row read from this index. */
    public Mono<Void> delete(Row row) {
        return session.write(deleteRow.bind(keyColumns.stream().map(row::getObject).toArray()));
    }

    private Flux<Row> rowsOfDays(long firstDay, long lastDay, LongFunction<BoundStatement> statementOfDay) {
        return Flux.fromStream(() -> LongStream.rangeClosed(firstDay, lastDay).boxed())
            .concatMap(day -> session.rows(statementOfDay.apply(day).setPageSize(ROWS_PER_PAGE)));
    }

    private <T> Mono<Scan<T>> scan(Flux<Row> rows, int limit, Classifier<T> classifier) {
        Scan<T> scan = new Scan<>(limit);
        return rows
            .flatMapSequential(row -> verdict(row, classifier), CONCURRENT_CLASSIFICATIONS)
            .takeUntil(scan::accept)
            .then(Mono.just(scan));
    }

    private <T> Mono<Verdict<T>> verdict(Row row, Classifier<T> classifier) {
        Instant position = row.getInstant(positionColumn);
        return classifier.classify(row).flatMap(live -> {
            if (live.isPresent()) {
                return Mono.just(new Verdict<>(position, live, true));
            }
            if (isInFlight(row)) {
                return Mono.just(new Verdict<T>(position, Optional.empty(), true));
            }
            return delete(row).thenReturn(new Verdict<T>(position, Optional.empty(), false));
        });
    }

    private boolean isInFlight(Row row) {
        Instant indexedAt = row.getInstant("indexed_at");
        return indexedAt == null || indexedAt.isAfter(clock.instant().minus(IN_FLIGHT_GRACE));
    }

    private <T> Mono<Void> moveFloor(String bucket, Instant from, Instant to, Classifier<T> classifier) {
        if (!to.isAfter(from)) {
            return Mono.empty();
        }
        return bounds.replaceFloor(bucket, from, to)
            .flatMap(moved -> moved
                ? firstHoldingBetween(bucket, from, to, classifier).flatMap(held -> reach(bucket, held))
                : Mono.empty());
    }

    /** The position of the first row in [from, to) that must stay above the floor: one written meanwhile. */
    private <T> Mono<Instant> firstHoldingBetween(String bucket, Instant from, Instant to, Classifier<T> classifier) {
        return rowsOfDays(day(from), day(to), day -> rowsBefore.bind(bucket, day, from, to))
            .concatMap(row -> verdict(row, classifier))
            .filter(verdict -> verdict.holdsFloor)
            .map(verdict -> verdict.position)
            .next();
    }

    private Mono<Void> reach(String bucket, Instant position, int attempt) {
        long day = day(position);
        return bounds.read(bucket)
            .flatMap(current -> {
                if (current.floor.isAfter(position)) {
                    return bounds.replaceFloor(bucket, current.floor, position).map(changed -> false);
                }
                if (current.lastDay < day) {
                    return bounds.replaceLastDay(bucket, current.lastDay, day).map(changed -> false);
                }
                return Mono.just(true);
            })
            .switchIfEmpty(Mono.defer(() -> bounds.insertIfAbsent(bucket, position, day).map(inserted -> false)))
            .flatMap(reached -> {
                if (reached) {
                    return Mono.<Void>empty();
                }
                if (attempt >= MAX_BOUND_ATTEMPTS) {
                    return Mono.error(new ConcurrentUpdateException("The bounds of index bucket '" + bucket + "'", attempt));
                }
                return ContentionBackoff.pause(attempt).then(Mono.defer(() -> reach(bucket, position, attempt + 1)));
            });
    }

    private static final class Verdict<T> {
        final Instant position;
        final Optional<T> live;
        final boolean holdsFloor;

        Verdict(Instant position, Optional<T> live, boolean holdsFloor) {
            this.position = position;
            this.live = live;
            this.holdsFloor = holdsFloor;
        }
    }

    /** What a read gathered: the live values, and the first position the floor must not pass. */
    private static final class Scan<T> {
        private final int limit;
        private final List<T> live = new ArrayList<>();
        private Instant firstHeld;

        Scan(int limit) {
            this.limit = limit;
        }

        /** True once the page is full. */
        synchronized boolean accept(Verdict<T> verdict) {
            if (verdict.holdsFloor && firstHeld == null) {
                firstHeld = verdict.position;
            }
            verdict.live.ifPresent(live::add);
            return live.size() >= limit;
        }

        /** The first row held, or when none was met, just past the range read. */
        Instant nextFloor(Instant readUpTo) {
            return firstHeld != null ? firstHeld : readUpTo.plusMillis(1);
        }
    }
}
