package io.emergencyinbox.cassandra.access;

import static io.emergencyinbox.cassandra.access.AccessTables.AUDIT_LOG;
import static io.emergencyinbox.cassandra.access.AccessTables.AUDIT_LOG_DAYS;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.inject.Inject;

import org.apache.james.core.Username;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;

import io.emergencyinbox.cassandra.StoreSession;
import io.emergencyinbox.core.access.AuditEntry;
import io.emergencyinbox.core.access.AuditLog;
import io.emergencyinbox.core.access.AuditQuery;
import io.emergencyinbox.core.organisation.OrganisationId;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The audit log, append-only, readable newest first by target, actor, organisation or as a whole without a
 * scan: each entry is written under every scope it can be asked for, in partitions of one scope and one day
 * (docs/cassandra.md, "Access"). A query reads the days of its most selective scope that have entries, newest
 * first, and stops at its limit. Instants are kept to the millisecond.
 */
public class CassandraAuditLog implements AuditLog {
    private static final String ALL = "all";
    /** The range a Cassandra timestamp column holds comfortably; queries are clamped to it. */
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");
    private static final int ROWS_PER_PAGE = 100;

    private final StoreSession session;
    private final PreparedStatement insertEntry;
    private final PreparedStatement insertDay;
    private final PreparedStatement selectDays;
    private final PreparedStatement selectEntries;

    @Inject
    public CassandraAuditLog(StoreSession session) {
        this.session = session;
        this.insertEntry = session.prepare("INSERT INTO %s (scope, day, at, entry_id, actor, target, organisation, operation, "
            + "allowed, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", AUDIT_LOG);
        this.insertDay = session.prepare("INSERT INTO %s (scope, day) VALUES (?, ?)", AUDIT_LOG_DAYS);
        this.selectDays = session.prepare("SELECT day FROM %s WHERE scope = ? AND day >= ? AND day <= ?", AUDIT_LOG_DAYS);
        this.selectEntries = session.prepare("SELECT * FROM %s WHERE scope = ? AND day = ? AND at >= ? AND at < ?", AUDIT_LOG);
    }

    @Override
    public Mono<Void> record(AuditEntry entry) {
        long day = day(entry.at());
        UUID id = Uuids.timeBased();
        List<BoundStatement> statements = new ArrayList<>();
        for (String scope : scopesOf(entry)) {
            statements.add(insertEntry.bind(scope, day, entry.at(), id, entry.actor().asString(), entry.target().asString(),
                entry.organisation().map(OrganisationId::asString).orElse(null), entry.operation(), entry.allowed(), entry.reason()));
            statements.add(insertDay.bind(scope, day));
        }
        return session.writeAll(statements.toArray(BoundStatement[]::new));
    }

    @Override
    public Flux<AuditEntry> query(AuditQuery query) {
        Instant from = clamp(query.from());
        Instant to = clamp(query.to());
        if (!from.isBefore(to)) {
            return Flux.empty();
        }
        String scope = mostSelectiveScope(query);
        return session.rows(selectDays.bind(scope, day(from), day(to)))
            .map(row -> row.getLong("day"))
            .concatMap(day -> session.rows(selectEntries.bind(scope, day, from, to).setPageSize(ROWS_PER_PAGE)), 1)
            .map(CassandraAuditLog::entry)
            .filter(query::matches)
            .take(query.limit());
    }

    private static List<String> scopesOf(AuditEntry entry) {
        List<String> scopes = new ArrayList<>(List.of(ALL, target(entry.target()), actor(entry.actor())));
        entry.organisation().ifPresent(organisation -> scopes.add(organisation(organisation)));
        return scopes;
    }

    private static String mostSelectiveScope(AuditQuery query) {
        return query.target().map(CassandraAuditLog::target)
            .or(() -> query.actor().map(CassandraAuditLog::actor))
            .or(() -> query.organisation().map(CassandraAuditLog::organisation))
            .orElse(ALL);
    }

    private static String target(Username user) {
        return "target:" + user.asString();
    }

    private static String actor(Username user) {
        return "actor:" + user.asString();
    }

    private static String organisation(OrganisationId organisation) {
        return "organisation:" + organisation.asString();
    }

    private static long day(Instant instant) {
        return Math.floorDiv(instant.getEpochSecond(), Duration.ofDays(1).toSeconds());
    }

    private static Instant clamp(Instant instant) {
        return instant.isBefore(EARLIEST) ? EARLIEST : instant.isAfter(LATEST) ? LATEST : instant;
    }

    private static AuditEntry entry(Row row) {
        return new AuditEntry(row.getInstant("at"), Username.of(row.getString("actor")), Username.of(row.getString("target")),
            Optional.ofNullable(row.getString("organisation")).map(OrganisationId::of), row.getString("operation"),
            row.getBoolean("allowed"), row.getString("reason"));
    }
}
