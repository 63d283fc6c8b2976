package io.emergencyinbox.cassandra.health;

import static io.emergencyinbox.cassandra.health.DownstreamStateTables.DOWNSTREAM_STATES;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.google.common.collect.ImmutableList;

import io.emergencyinbox.cassandra.StoreSession;
import io.emergencyinbox.core.health.DownstreamHealth;
import io.emergencyinbox.core.health.DownstreamState;
import io.emergencyinbox.core.organisation.OrganisationId;
import io.emergencyinbox.core.outage.OutageId;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class DownstreamStateDao {
    private static final int KEPT_REVISIONS = 16;
    private static final String COLUMNS = "organisation, health, since, consecutive_failures, consecutive_successes, "
        + "last_probe, last_error, last_error_at, outage, declared_by_hand, revision, recent_revisions";

    /** A stored state with the revision a compare-and-set must name. */
    static final class Versioned {
        final DownstreamState state;
        final UUID revision;
        final List<UUID> recentRevisions;

        Versioned(DownstreamState state, UUID revision, List<UUID> recentRevisions) {
            this.state = state;
            this.revision = revision;
            this.recentRevisions = recentRevisions;
        }
    }

    private final StoreSession session;
    private final PreparedStatement select;
    private final PreparedStatement selectAll;
    private final PreparedStatement insertIfAbsent;
    private final PreparedStatement replaceIfRevision;
    private final PreparedStatement delete;

    DownstreamStateDao(StoreSession session) {
        this.session = session;
        this.select = session.prepare("SELECT " + COLUMNS + " FROM %s WHERE organisation = ?", DOWNSTREAM_STATES);
        this.selectAll = session.prepare("SELECT " + COLUMNS + " FROM %s", DOWNSTREAM_STATES);
        this.insertIfAbsent = session.prepare("INSERT INTO %s (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) IF NOT EXISTS",
            DOWNSTREAM_STATES);
        this.replaceIfRevision = session.prepare("UPDATE %s SET health = ?, since = ?, consecutive_failures = ?, "
            + "consecutive_successes = ?, last_probe = ?, last_error = ?, last_error_at = ?, outage = ?, declared_by_hand = ?, "
            + "revision = ?, recent_revisions = ? WHERE organisation = ? IF revision = ?", DOWNSTREAM_STATES);
        this.delete = session.prepare("DELETE FROM %s WHERE organisation = ? IF EXISTS", DOWNSTREAM_STATES);
    }

    Mono<Versioned> read(OrganisationId organisation) {
        return session.row(select.bind(organisation.asString())).map(DownstreamStateDao::versioned);
    }

    /** Read through Paxos, for a writer whose transaction timed out. */
    Mono<Versioned> readSerial(OrganisationId organisation) {
        return session.serialRow(select.bind(organisation.asString())).map(DownstreamStateDao::versioned);
    }

    Flux<DownstreamState> readAll() {
        return session.rows(selectAll.bind()).map(row -> versioned(row).state);
    }

    /** Writes the first state of a route; false when one exists. */
    Mono<Boolean> insertIfAbsent(DownstreamState state, UUID revision) {
        return session.conditional(insertIfAbsent.bind(state.organisation().asString(), state.health().name(), state.since(),
                state.consecutiveFailures(), state.consecutiveSuccesses(), state.lastProbe().orElse(null),
                state.lastError().orElse(null), state.lastErrorAt().orElse(null), state.outage().map(OutageId::asUuid).orElse(null),
                state.declaredByHand(), revision, List.of(revision)))
            .map(result -> result.applied());
    }

    /** Replaces the state if nobody wrote since {@code expected} was read; false otherwise. */
    Mono<Boolean> replaceIfUnchanged(Versioned expected, DownstreamState state, UUID revision) {
        List<UUID> recent = ImmutableList.<UUID>builder().add(revision)
            .addAll(expected.recentRevisions.subList(0, Math.min(expected.recentRevisions.size(), KEPT_REVISIONS - 1)))
            .build();
        return session.conditional(replaceIfRevision.bind(state.health().name(), state.since(), state.consecutiveFailures(),
                state.consecutiveSuccesses(), state.lastProbe().orElse(null), state.lastError().orElse(null),
                state.lastErrorAt().orElse(null), state.outage().map(OutageId::asUuid).orElse(null), state.declaredByHand(),
                revision, recent, state.organisation().asString(), expected.revision))
            .map(result -> result.applied());
    }

    Mono<Void> delete(OrganisationId organisation) {
        return session.conditional(delete.bind(organisation.asString())).then();
    }

    private static Versioned versioned(Row row) {
        DownstreamState state = new DownstreamState(OrganisationId.of(row.getString("organisation")),
            DownstreamHealth.valueOf(row.getString("health")), row.getInstant("since"),
            row.getInt("consecutive_failures"), row.getInt("consecutive_successes"),
            Optional.ofNullable(row.getInstant("last_probe")), Optional.ofNullable(row.getString("last_error")),
            Optional.ofNullable(row.getInstant("last_error_at")), Optional.ofNullable(row.getUuid("outage")).map(OutageId::of),
            row.getBoolean("declared_by_hand"));
        return new Versioned(state, row.getUuid("revision"), row.getList("recent_revisions", UUID.class));
    }
}
