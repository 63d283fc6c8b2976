package io.emergencyinbox.cassandra.organisation;

import static io.emergencyinbox.cassandra.organisation.OrganisationTables.ORGANISATION_DOMAINS;

import org.apache.james.core.Domain;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;

import io.emergencyinbox.cassandra.StoreSession;
import io.emergencyinbox.core.organisation.OrganisationId;
import reactor.core.publisher.Mono;

/** The {@code organisation_domains} table. */
class DomainOwnerDao {
    private final StoreSession session;
    private final PreparedStatement claim;
    private final PreparedStatement select;
    private final PreparedStatement release;

    DomainOwnerDao(StoreSession session) {
        this.session = session;
        this.claim = session.prepare("INSERT INTO %s (domain, organisation) VALUES (?, ?) IF NOT EXISTS", ORGANISATION_DOMAINS);
        this.select = session.prepare("SELECT organisation FROM %s WHERE domain = ?", ORGANISATION_DOMAINS);
        this.release = session.prepare("DELETE FROM %s WHERE domain = ? IF organisation = ?", ORGANISATION_DOMAINS);
    }

    /** The outcome of a claim: who owns the domain afterwards, and whether this very call claimed it. */
    static final class Claim {
        final OrganisationId owner;
        final boolean claimedNow;

        private Claim(OrganisationId owner, boolean claimedNow) {
            this.owner = owner;
            this.claimedNow = claimedNow;
        }
    }

    Mono<Claim> claim(Domain domain, OrganisationId claimant) {
        return session.conditional(claim.bind(domain.asString(), claimant.asString()))
            .map(result -> result.current()
                .map(row -> new Claim(OrganisationId.of(row.getString("organisation")), false))
                .orElse(new Claim(claimant, result.applied())));
    }

    Mono<OrganisationId> owner(Domain domain) {
        return session.row(select.bind(domain.asString())).map(row -> OrganisationId.of(row.getString("organisation")));
    }

    /** Releases the domain if that organisation owns it. */
    Mono<Void> release(Domain domain, OrganisationId owner) {
        return session.conditional(release.bind(domain.asString(), owner.asString())).then();
    }
}
