package io.emergencyinbox.cassandra.spool;

import static io.emergencyinbox.cassandra.spool.SpoolTables.SPOOL_COUNTS;

import java.util.Map;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;

import io.emergencyinbox.cassandra.StoreSession;
import io.emergencyinbox.core.organisation.OrganisationId;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The {@code spool_counts} counter table. */
class SpoolCountDao {
    private final StoreSession session;
    private final PreparedStatement add;
    private final PreparedStatement select;
    private final PreparedStatement selectAll;

    SpoolCountDao(StoreSession session) {
        this.session = session;
        this.add = session.prepare("UPDATE %s SET entry_count = entry_count + ? WHERE organisation = ?", SPOOL_COUNTS);
        this.select = session.prepare("SELECT entry_count FROM %s WHERE organisation = ?", SPOOL_COUNTS);
        this.selectAll = session.prepare("SELECT organisation, entry_count FROM %s", SPOOL_COUNTS);
    }

    Mono<Void> add(OrganisationId organisation, long delta) {
        return session.write(add.bind(delta, organisation.asString()));
    }

    Mono<Long> count(OrganisationId organisation) {
        return session.row(select.bind(organisation.asString())).map(row -> row.getLong("entry_count")).defaultIfEmpty(0L);
    }

    /** The organisations that have entries. */
    Flux<OrganisationId> organisationsWithEntries() {
        return session.rows(selectAll.bind())
            .filter(row -> row.getLong("entry_count") > 0)
            .map(row -> OrganisationId.of(row.getString("organisation")));
    }

    /** Every organisation's counter. */
    Flux<Map.Entry<OrganisationId, Long>> all() {
        return session.rows(selectAll.bind())
            .map(row -> Map.entry(OrganisationId.of(row.getString("organisation")), row.getLong("entry_count")));
    }
}
