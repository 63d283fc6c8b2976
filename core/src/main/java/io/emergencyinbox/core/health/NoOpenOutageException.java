package io.emergencyinbox.core.health;

import io.emergencyinbox.core.organisation.OrganisationId;

public class NoOpenOutageException extends RuntimeException {
    public NoOpenOutageException(OrganisationId organisation) {
        super("Organisation '" + organisation.asString() + "' has no open outage");
    }
}
