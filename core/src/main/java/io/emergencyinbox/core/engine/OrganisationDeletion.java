package io.emergencyinbox.core.engine;

import javax.inject.Inject;

import io.emergencyinbox.core.health.DownstreamStateStore;
import io.emergencyinbox.core.organisation.OrganisationId;
import io.emergencyinbox.core.organisation.OrganisationStore;
import io.emergencyinbox.core.outage.OutageStore;
import io.emergencyinbox.core.policy.OrganisationPolicyStore;
import io.emergencyinbox.core.spool.SpoolStore;
import reactor.core.publisher.Mono;

/**
 * Deletes an organisation and everything kept about it (route state, outages, policy), refusing
 * while mail is spooled for it: deleting it then would lose that mail.
 */
public class OrganisationDeletion {

    public static class SpooledMailException extends RuntimeException {
        public SpooledMailException(OrganisationId organisation, long spooled) {
            super("Organisation '" + organisation.asString() + "' still has " + spooled
                + " spooled message(s): wait for the drain, or purge its spool first");
        }
    }

    private final OrganisationStore organisations;
    private final SpoolStore spool;
    private final DownstreamStateStore states;
    private final OutageStore outages;
    private final OrganisationPolicyStore policies;

    @Inject
    public OrganisationDeletion(OrganisationStore organisations, SpoolStore spool, DownstreamStateStore states, OutageStore outages,
                                OrganisationPolicyStore policies) {
        this.organisations = organisations;
        this.spool = spool;
        this.states = states;
        this.outages = outages;
        this.policies = policies;
    }

    /** Idempotent; fails with {@link SpooledMailException} while the organisation has spooled mail. */
    public Mono<Void> delete(OrganisationId organisation) {
        return spool.count(organisation)
            .flatMap(spooled -> spooled > 0 ? Mono.error(new SpooledMailException(organisation, spooled)) : Mono.empty())
            .then(organisations.delete(organisation))
            .then(states.delete(organisation))
            .then(outages.deleteAll(organisation))
            .then(policies.delete(organisation));
    }
}
