package io.emergencyinbox.core.organisation;

public class OrganisationNotFoundException extends RuntimeException {
    private final OrganisationId id;

    public OrganisationNotFoundException(OrganisationId id) {
        super("Organisation '" + id.asString() + "' does not exist");
        this.id = id;
    }

    public OrganisationId id() {
        return id;
    }
}
