package io.emergencyinbox.core.organisation;

public class OrganisationAlreadyExistsException extends RuntimeException {
    public OrganisationAlreadyExistsException(OrganisationId id) {
        super("Organisation '" + id.asString() + "' already exists");
    }
}
