package io.emergencyinbox.core.organisation;

import org.apache.james.core.Domain;

public class DomainAlreadyOwnedException extends RuntimeException {
    public DomainAlreadyOwnedException(Domain domain, OrganisationId owner) {
        super("Domain '" + domain.asString() + "' already belongs to organisation '" + owner.asString() + "'");
    }
}
