package io.emergencyinbox.cassandra.index;

import java.time.Instant;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;

import io.emergencyinbox.cassandra.StoreSession;
import io.emergencyinbox.cassandra.schema.SchemaElement;
import reactor.core.publisher.Mono;

/**
 * A bounds table: one row per (index, bucket) with {@code floor timestamp} and {@code last_day bigint}, both
 * changed only by lightweight transactions conditioned on the value read.
 */
class IndexBoundsDao {
    private final StoreSession session;
    private final String indexName;
    private final PreparedStatement select;
    private final PreparedStatement insertIfAbsent;
    private final PreparedStatement replaceFloor;
    private final PreparedStatement replaceLastDay;

    IndexBoundsDao(StoreSession session, SchemaElement table, String indexName) {
        this.session = session;
        this.indexName = indexName;
        this.select = session.prepare("SELECT floor, last_day FROM %s WHERE index_name = ? AND bucket = ?", table);
        this.insertIfAbsent = session.prepare(
            "INSERT INTO %s (index_name, bucket, floor, last_day) VALUES (?, ?, ?, ?) IF NOT EXISTS", table);
        this.replaceFloor = session.prepare("UPDATE %s SET floor = ? WHERE index_name = ? AND bucket = ? IF floor = ?", table);
        this.replaceLastDay = session.prepare("UPDATE %s SET last_day = ? WHERE index_name = ? AND bucket = ? IF last_day = ?", table);
    }

    Mono<IndexBounds> read(String bucket) {
        return session.row(select.bind(indexName, bucket)).map(row -> new IndexBounds(row.getInstant("floor"), row.getLong("last_day")));
    }

    Mono<Boolean> insertIfAbsent(String bucket, Instant floor, long lastDay) {
        return session.conditional(insertIfAbsent.bind(indexName, bucket, floor, lastDay)).map(result -> result.applied());
    }

    Mono<Boolean> replaceFloor(String bucket, Instant expected, Instant floor) {
        return session.conditional(replaceFloor.bind(floor, indexName, bucket, expected)).map(result -> result.applied());
    }

    Mono<Boolean> replaceLastDay(String bucket, long expected, long lastDay) {
        return session.conditional(replaceLastDay.bind(lastDay, indexName, bucket, expected)).map(result -> result.applied());
    }
}
