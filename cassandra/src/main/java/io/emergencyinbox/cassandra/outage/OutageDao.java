package io.emergencyinbox.cassandra.outage;

import static io.emergencyinbox.cassandra.outage.OutageTables.OUTAGES;
import static io.emergencyinbox.cassandra.outage.OutageTables.OUTAGES_BY_ORGANISATION;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;

import io.emergencyinbox.cassandra.StoreSession;
import io.emergencyinbox.core.organisation.OrganisationId;
import io.emergencyinbox.core.outage.Outage;
import io.emergencyinbox.core.outage.OutageCounters;
import io.emergencyinbox.core.outage.OutageId;
import io.emergencyinbox.core.outage.OutageTrigger;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The {@code outages} table and its per-organisation index. */
class OutageDao {
    private static final String COLUMNS = "outage_id, organisation, started_at, ended_at, trigger, reason";

    private final StoreSession session;
    private final PreparedStatement insertIfAbsent;
    private final PreparedStatement endIfOpen;
    private final PreparedStatement select;
    private final PreparedStatement deleteOutage;
    private final PreparedStatement insertIndex;
    private final PreparedStatement selectIndex;
    private final PreparedStatement deleteIndex;

    OutageDao(StoreSession session) {
        this.session = session;
        this.insertIfAbsent = session.prepare("INSERT INTO %s (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?) IF NOT EXISTS", OUTAGES);
        this.endIfOpen = session.prepare(
            "UPDATE %s SET ended_at = ? WHERE outage_id = ? IF organisation != null AND ended_at = null", OUTAGES);
        this.select = session.prepare("SELECT " + COLUMNS + " FROM %s WHERE outage_id = ?", OUTAGES);
        this.deleteOutage = session.prepare("DELETE FROM %s WHERE outage_id = ? IF EXISTS", OUTAGES);
        this.insertIndex = session.prepare(
            "INSERT INTO %s (organisation, started_at, outage_id) VALUES (?, ?, ?)", OUTAGES_BY_ORGANISATION);
        this.selectIndex = session.prepare("SELECT outage_id FROM %s WHERE organisation = ?", OUTAGES_BY_ORGANISATION);
        this.deleteIndex = session.prepare("DELETE FROM %s WHERE organisation = ?", OUTAGES_BY_ORGANISATION);
    }

    /** Records the outage unless one with its id exists; either way returns the stored record (counters zero). */
    Mono<Outage> insertIfAbsent(Outage outage) {
        return session.conditional(insertIfAbsent.bind(outage.id().asUuid(), outage.organisation().asString(), outage.start(),
                outage.end().orElse(null), outage.trigger().name(), outage.reason().orElse(null)))
            .map(result -> result.current().map(OutageDao::outage).orElse(outage.withCounters(OutageCounters.ZERO)));
    }

    Mono<Void> index(Outage outage) {
        return session.write(insertIndex.bind(outage.organisation().asString(), outage.start(), outage.id().asUuid()));
    }

    Mono<Void> endIfOpen(OutageId id, Instant end) {
        return session.conditional(endIfOpen.bind(end, id.asUuid())).then();
    }

    Mono<Outage> read(OutageId id) {
        return session.row(select.bind(id.asUuid())).map(OutageDao::outage);
    }

    Flux<OutageId> idsNewestFirst(OrganisationId organisation) {
        return session.rows(selectIndex.bind(organisation.asString())).map(row -> OutageId.of(row.getUuid("outage_id")));
    }

    Mono<Void> delete(OutageId id) {
        return session.conditional(deleteOutage.bind(id.asUuid())).then();
    }

    Mono<Void> deleteIndex(OrganisationId organisation) {
        return session.write(deleteIndex.bind(organisation.asString()));
    }

    private static Outage outage(Row row) {
        UUID id = row.getUuid("outage_id");
        return new Outage(OutageId.of(id), OrganisationId.of(row.getString("organisation")), row.getInstant("started_at"),
            Optional.ofNullable(row.getInstant("ended_at")), OutageTrigger.valueOf(row.getString("trigger")),
            Optional.ofNullable(row.getString("reason")), OutageCounters.ZERO);
    }
}
