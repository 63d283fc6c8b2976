package io.emergencyinbox.app;

import javax.inject.Inject;

import org.apache.james.core.Domain;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.james.lifecycle.api.Startable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.emergencyinbox.core.organisation.Organisation;
import io.emergencyinbox.core.organisation.OrganisationStore;

/**
 * Gives James back the domains of the stored organisations at start. Our assembly keeps James's own data
 * (domains, users, mailboxes) in memory while the organisations live in Cassandra: after a restart, James would
 * no longer accept mail for the managed domains (docs/adr/0009) although the organisations still claim them.
 */
public class ManagedDomainsRestorer implements Startable {
    private static final Logger LOGGER = LoggerFactory.getLogger(ManagedDomainsRestorer.class);

    private final OrganisationStore organisations;
    private final DomainList domainList;

    @Inject
    public ManagedDomainsRestorer(OrganisationStore organisations, DomainList domainList) {
        this.organisations = organisations;
        this.domainList = domainList;
    }

    /** Returns how many domains were added. */
    public int restore() throws DomainListException {
        int added = 0;
        for (Organisation organisation : organisations.list().collectList().block()) {
            for (Domain domain : organisation.domains()) {
                if (!domainList.containsDomain(domain)) {
                    domainList.addDomain(domain);
                    added++;
                }
            }
        }
        if (added > 0) {
            LOGGER.info("Restored {} managed domain(s) of the stored organisations to James's domain list", added);
        }
        return added;
    }
}
