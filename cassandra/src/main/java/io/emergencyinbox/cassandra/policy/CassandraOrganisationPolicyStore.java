package io.emergencyinbox.cassandra.policy;

import static io.emergencyinbox.cassandra.policy.PolicyTables.ORGANISATION_POLICIES;

import java.time.Duration;
import java.util.Optional;

import javax.inject.Inject;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;

import io.emergencyinbox.cassandra.StoreSession;
import io.emergencyinbox.core.organisation.OrganisationId;
import io.emergencyinbox.core.policy.OrganisationPolicyStore;
import io.emergencyinbox.core.policy.PolicyOverrides;
import reactor.core.publisher.Mono;

/** Each organisation's policy overrides, one row per organisation (docs/cassandra.md, "Policies"). */
public class CassandraOrganisationPolicyStore implements OrganisationPolicyStore {
    private final StoreSession session;
    private final PreparedStatement select;
    private final PreparedStatement insert;
    private final PreparedStatement delete;

    @Inject
    public CassandraOrganisationPolicyStore(StoreSession session) {
        this.session = session;
        this.select = session.prepare("SELECT max_spool_age_ms, first_delayed_notice_ms, delayed_notice_interval_ms "
            + "FROM %s WHERE organisation = ?", ORGANISATION_POLICIES);
        this.insert = session.prepare("INSERT INTO %s (organisation, max_spool_age_ms, first_delayed_notice_ms, "
            + "delayed_notice_interval_ms) VALUES (?, ?, ?, ?)", ORGANISATION_POLICIES);
        this.delete = session.prepare("DELETE FROM %s WHERE organisation = ?", ORGANISATION_POLICIES);
    }

    @Override
    public Mono<PolicyOverrides> get(OrganisationId organisation) {
        return session.row(select.bind(organisation.asString()))
            .map(CassandraOrganisationPolicyStore::overrides)
            .defaultIfEmpty(PolicyOverrides.NONE);
    }

    @Override
    public Mono<Void> set(OrganisationId organisation, PolicyOverrides overrides) {
        if (overrides.isEmpty()) {
            return delete(organisation);
        }
        return session.write(insert.bind(organisation.asString(), millis(overrides.maxSpoolAge()),
            millis(overrides.firstDelayedNotice()), millis(overrides.delayedNoticeInterval())));
    }

    @Override
    public Mono<Void> delete(OrganisationId organisation) {
        return session.write(delete.bind(organisation.asString()));
    }

    private static Long millis(Optional<Duration> duration) {
        return duration.map(Duration::toMillis).orElse(null);
    }

    private static PolicyOverrides overrides(Row row) {
        return new PolicyOverrides(duration(row, "max_spool_age_ms"), duration(row, "first_delayed_notice_ms"),
            duration(row, "delayed_notice_interval_ms"));
    }

    private static Optional<Duration> duration(Row row, String column) {
        return row.isNull(column) ? Optional.empty() : Optional.of(Duration.ofMillis(row.getLong(column)));
    }
}
