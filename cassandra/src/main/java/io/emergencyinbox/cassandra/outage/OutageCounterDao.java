package io.emergencyinbox.cassandra.outage;

import static io.emergencyinbox.cassandra.outage.OutageTables.OUTAGE_COUNTERS;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;

import io.emergencyinbox.cassandra.StoreSession;
import io.emergencyinbox.core.outage.OutageCounter;
import io.emergencyinbox.core.outage.OutageCounters;
import io.emergencyinbox.core.outage.OutageId;
import reactor.core.publisher.Mono;

/** The {@code outage_counters} counter table; each {@link OutageCounter} is the column of its lower-case name. */
class OutageCounterDao {
    private final StoreSession session;
    private final Map<OutageCounter, PreparedStatement> increments = new EnumMap<>(OutageCounter.class);
    private final PreparedStatement select;
    private final PreparedStatement delete;

    OutageCounterDao(StoreSession session) {
        this.session = session;
        for (OutageCounter counter : OutageCounter.values()) {
            String column = column(counter);
            increments.put(counter, session.prepare("UPDATE %s SET " + column + " = " + column + " + ? WHERE outage_id = ?",
                OUTAGE_COUNTERS));
        }
        this.select = session.prepare("SELECT spooled, delivered, bounced, notices_sent FROM %s WHERE outage_id = ?", OUTAGE_COUNTERS);
        this.delete = session.prepare("DELETE FROM %s WHERE outage_id = ?", OUTAGE_COUNTERS);
    }

    Mono<Void> add(OutageId id, OutageCounter counter, long delta) {
        return session.write(increments.get(counter).bind(delta, id.asUuid()));
    }

    Mono<OutageCounters> read(OutageId id) {
        return session.row(select.bind(id.asUuid())).map(OutageCounterDao::counters).defaultIfEmpty(OutageCounters.ZERO);
    }

    Mono<Void> delete(OutageId id) {
        return session.write(delete.bind(id.asUuid()));
    }

    private static OutageCounters counters(Row row) {
        Map<OutageCounter, Long> values = new EnumMap<>(OutageCounter.class);
        for (OutageCounter counter : OutageCounter.values()) {
            values.put(counter, row.getLong(column(counter)));
        }
        return new OutageCounters(values);
    }

    private static String column(OutageCounter counter) {
        return counter.name().toLowerCase(Locale.ROOT);
    }
}
