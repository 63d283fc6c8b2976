package io.emergencyinbox.cassandra.organisation;

import static io.emergencyinbox.cassandra.organisation.OrganisationTables.ORGANISATIONS;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.james.core.Domain;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.data.TupleValue;
import com.datastax.oss.driver.api.core.type.ListType;
import com.datastax.oss.driver.api.core.type.TupleType;
import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;

import io.emergencyinbox.cassandra.StoreSession;
import io.emergencyinbox.core.organisation.Organisation;
import io.emergencyinbox.core.organisation.OrganisationId;
import io.emergencyinbox.core.organisation.PartnerId;
import io.emergencyinbox.core.route.DownstreamRoute;
import io.emergencyinbox.core.route.DownstreamTarget;
import io.emergencyinbox.core.route.SmtpCredentials;
import io.emergencyinbox.core.route.TlsPolicy;
import io.emergencyinbox.core.route.TrustedCertificates;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The {@code organisations} table. Every write is conditional; each returns whether it applied. */
class OrganisationDao {
    private static final String ROUTE_COLUMNS = "route_targets, route_tls, route_connect_timeout_ms, route_command_timeout_ms, "
        + "route_username, route_password, route_trusted_certificates";
    private static final String COLUMNS = "organisation, display_name, domains, partner, " + ROUTE_COLUMNS;

    private final StoreSession session;
    private final PreparedStatement insertWithoutDomainsIfAbsent;
    private final PreparedStatement select;
    private final PreparedStatement selectAll;
    private final PreparedStatement addDomain;
    private final PreparedStatement removeDomain;
    private final PreparedStatement setRoute;
    private final PreparedStatement setPartner;
    private final PreparedStatement setDisplayName;
    private final PreparedStatement delete;
    private final TupleType targetType;
    /**
     * Trust sets already parsed, by their PEM: a {@code VERIFY} route is read for every mail routed to it, and its
     * certificates would otherwise be decoded again each time. A handful of distinct sets in practice.
     */
    private final Cache<String, TrustedCertificates> parsedTrustSets = CacheBuilder.newBuilder().maximumSize(1_000).build();

    OrganisationDao(StoreSession session) {
        this.session = session;
        this.insertWithoutDomainsIfAbsent = session.prepare("INSERT INTO %s (organisation, display_name, partner, " + ROUTE_COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) IF NOT EXISTS", ORGANISATIONS);
        this.select = session.prepare("SELECT " + COLUMNS + " FROM %s WHERE organisation = ?", ORGANISATIONS);
        this.selectAll = session.prepare("SELECT " + COLUMNS + " FROM %s", ORGANISATIONS);
        this.addDomain = session.prepare("UPDATE %s SET domains = domains + ? WHERE organisation = ? IF EXISTS", ORGANISATIONS);
        this.removeDomain = session.prepare("UPDATE %s SET domains = domains - ? WHERE organisation = ? IF EXISTS", ORGANISATIONS);
        this.setRoute = session.prepare("UPDATE %s SET route_targets = ?, route_tls = ?, route_connect_timeout_ms = ?, "
            + "route_command_timeout_ms = ?, route_username = ?, route_password = ?, route_trusted_certificates = ?"
            + " WHERE organisation = ? IF EXISTS", ORGANISATIONS);
        this.setPartner = session.prepare("UPDATE %s SET partner = ? WHERE organisation = ? IF EXISTS", ORGANISATIONS);
        this.setDisplayName = session.prepare("UPDATE %s SET display_name = ? WHERE organisation = ? IF EXISTS", ORGANISATIONS);
        this.delete = session.prepare("DELETE FROM %s WHERE organisation = ? IF EXISTS", ORGANISATIONS);
        this.targetType = (TupleType) ((ListType) setRoute.getVariableDefinitions().get("route_targets").getType()).getElementType();
    }

    /** Inserts the organisation with no domain yet (they are added once claimed); false when the id exists. */
    Mono<Boolean> insertWithoutDomainsIfAbsent(Organisation organisation) {
        Optional<DownstreamRoute> route = organisation.route();
        BoundStatement statement = insertWithoutDomainsIfAbsent.bind(organisation.id().asString(), organisation.displayName(),
            organisation.partner().map(PartnerId::asString).orElse(null),
            route.map(this::targets).orElse(null), route.map(r -> r.tlsPolicy().name()).orElse(null),
            route.map(r -> r.connectTimeout().toMillis()).orElse(null), route.map(r -> r.commandTimeout().toMillis()).orElse(null),
            route.flatMap(DownstreamRoute::credentials).map(SmtpCredentials::username).orElse(null),
            route.flatMap(DownstreamRoute::credentials).map(SmtpCredentials::password).orElse(null),
            trustedCertificates(route));
        return applied(statement);
    }

    Mono<Organisation> read(OrganisationId id) {
        return session.row(select.bind(id.asString())).map(this::organisation);
    }

    Flux<Organisation> readAll() {
        return session.rows(selectAll.bind()).map(this::organisation);
    }

    Mono<Boolean> addDomain(OrganisationId id, Domain domain) {
        return applied(addDomain.bind(Set.of(domain.asString()), id.asString()));
    }

    Mono<Boolean> removeDomain(OrganisationId id, Domain domain) {
        return applied(removeDomain.bind(Set.of(domain.asString()), id.asString()));
    }

    Mono<Boolean> setRoute(OrganisationId id, Optional<DownstreamRoute> route) {
        return applied(setRoute.bind(route.map(this::targets).orElse(null), route.map(r -> r.tlsPolicy().name()).orElse(null),
            route.map(r -> r.connectTimeout().toMillis()).orElse(null), route.map(r -> r.commandTimeout().toMillis()).orElse(null),
            route.flatMap(DownstreamRoute::credentials).map(SmtpCredentials::username).orElse(null),
            route.flatMap(DownstreamRoute::credentials).map(SmtpCredentials::password).orElse(null),
            trustedCertificates(route),
            id.asString()));
    }

    Mono<Boolean> setPartner(OrganisationId id, Optional<PartnerId> partner) {
        return applied(setPartner.bind(partner.map(PartnerId::asString).orElse(null), id.asString()));
    }

    Mono<Boolean> setDisplayName(OrganisationId id, String displayName) {
        return applied(setDisplayName.bind(displayName, id.asString()));
    }

    Mono<Void> delete(OrganisationId id) {
        return applied(delete.bind(id.asString())).then();
    }

    private Mono<Boolean> applied(BoundStatement statement) {
        return session.conditional(statement).map(result -> result.applied());
    }

    private static String trustedCertificates(Optional<DownstreamRoute> route) {
        return route.flatMap(DownstreamRoute::trustedCertificates).map(TrustedCertificates::pem).orElse(null);
    }

    private List<TupleValue> targets(DownstreamRoute route) {
        return route.targets().stream()
            .map(target -> targetType.newValue(target.host(), target.port(), target.priority()))
            .collect(Collectors.toList());
    }

    private Organisation organisation(Row row) {
        Set<Domain> domains = row.getSet("domains", String.class).stream().map(Domain::of).collect(Collectors.toSet());
        return new Organisation(OrganisationId.of(row.getString("organisation")), row.getString("display_name"), domains,
            Optional.ofNullable(row.getString("partner")).map(PartnerId::of), route(row));
    }

    private Optional<DownstreamRoute> route(Row row) {
        List<TupleValue> targets = row.getList("route_targets", TupleValue.class);
        if (targets.isEmpty()) {
            return Optional.empty();
        }
        Optional<SmtpCredentials> credentials = Optional.ofNullable(row.getString("route_username"))
            .map(username -> new SmtpCredentials(username, row.getString("route_password")));
        return Optional.of(new DownstreamRoute(
            targets.stream().map(target -> new DownstreamTarget(target.getString(0), target.getInt(1), target.getInt(2)))
                .collect(Collectors.toList()),
            TlsPolicy.valueOf(row.getString("route_tls")),
            Duration.ofMillis(row.getLong("route_connect_timeout_ms")), Duration.ofMillis(row.getLong("route_command_timeout_ms")),
            credentials,
            Optional.ofNullable(row.getString("route_trusted_certificates")).map(this::trustSet)));
    }

    private TrustedCertificates trustSet(String pem) {
        TrustedCertificates parsed = parsedTrustSets.getIfPresent(pem);
        if (parsed == null) {
            parsed = TrustedCertificates.parse(pem);
            parsedTrustSets.put(pem, parsed);
        }
        return parsed;
    }
}
