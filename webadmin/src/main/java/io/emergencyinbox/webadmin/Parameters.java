package io.emergencyinbox.webadmin;

import org.apache.james.core.Domain;

import io.emergencyinbox.core.organisation.Organisation;
import io.emergencyinbox.core.organisation.OrganisationId;
import io.emergencyinbox.core.organisation.OrganisationStore;
import spark.Request;

/** Path parameters of our routes, validated with specific errors. */
final class Parameters {
    static final String ORGANISATION = ":organisation";
    static final String DOMAIN = ":domain";

    static OrganisationId organisationId(Request request) {
        try {
            return OrganisationId.of(request.params(ORGANISATION));
        } catch (IllegalArgumentException e) {
            throw HttpErrors.badRequest(e.getMessage());
        }
    }

    /** The organisation named in the path; 404 when it does not exist. */
    static Organisation existingOrganisation(Request request, OrganisationStore organisations) {
        OrganisationId id = organisationId(request);
        return organisations.get(id).blockOptional()
            .orElseThrow(() -> HttpErrors.notFound("Organisation '" + id.asString() + "' does not exist"));
    }

    static Domain domain(String value) {
        try {
            return Domain.of(value);
        } catch (IllegalArgumentException e) {
            throw HttpErrors.badRequest("Invalid domain '" + value + "': " + e.getMessage());
        }
    }

    private Parameters() {
    }
}
