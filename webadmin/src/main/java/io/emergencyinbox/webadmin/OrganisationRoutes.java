package io.emergencyinbox.webadmin;

import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.Domain;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.james.webadmin.PublicRoutes;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.apache.james.webadmin.utils.Responses;
import org.eclipse.jetty.http.HttpStatus;

import com.google.common.collect.ImmutableSet;

import io.emergencyinbox.core.access.PartnerStore;
import io.emergencyinbox.core.engine.OrganisationDeletion;
import io.emergencyinbox.core.organisation.DomainAlreadyOwnedException;
import io.emergencyinbox.core.organisation.Organisation;
import io.emergencyinbox.core.organisation.OrganisationAlreadyExistsException;
import io.emergencyinbox.core.organisation.OrganisationId;
import io.emergencyinbox.core.organisation.OrganisationStore;
import io.emergencyinbox.core.organisation.PartnerId;
import io.emergencyinbox.webadmin.access.ContinuityAccessFilter;
import io.emergencyinbox.webadmin.access.ContinuityPrincipal;
import io.emergencyinbox.webadmin.access.WebAdminAccessRules;
import io.emergencyinbox.webadmin.dto.OrganisationCreation;
import io.emergencyinbox.webadmin.dto.OrganisationDto;
import io.emergencyinbox.webadmin.dto.RouteDto;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * Organisations, their domains and their downstream route (docs/webadmin.md):
 * <pre>
 * GET    /continuity/organisations
 * POST   /continuity/organisations                         201 | 400 | 404 unknown domain | 409
 * GET    /continuity/organisations/{id}                    200 | 404
 * DELETE /continuity/organisations/{id}                    204 | 409 while mail is spooled
 * PUT    /continuity/organisations/{id}/domains/{domain}   204 | 400 | 404 | 409
 * DELETE /continuity/organisations/{id}/domains/{domain}   204
 * PUT    /continuity/organisations/{id}/partner/{partner}  204 | 400 | 404
 * DELETE /continuity/organisations/{id}/partner            204
 * PUT    /continuity/organisations/{id}/route              204 | 400 | 404
 * GET    /continuity/organisations/{id}/route              200 | 404
 * DELETE /continuity/organisations/{id}/route              204
 * </pre>
 */
public class OrganisationRoutes implements PublicRoutes {
    public static final String BASE = "/continuity/organisations";
    private static final String ORGANISATION = BASE + "/" + Parameters.ORGANISATION;

    private final OrganisationStore organisations;
    private final OrganisationDeletion deletion;
    private final PartnerStore partners;
    private final DomainList domainList;
    private final JsonTransformer json;

    @Inject
    public OrganisationRoutes(OrganisationStore organisations, OrganisationDeletion deletion, PartnerStore partners, DomainList domainList,
                              JsonTransformer json) {
        this.organisations = organisations;
        this.deletion = deletion;
        this.partners = partners;
        this.domainList = domainList;
        this.json = json;
    }

    @Override
    public String getBasePath() {
        return BASE;
    }

    @Override
    public void define(Service service) {
        service.get(BASE, (request, response) -> list(ContinuityAccessFilter.of(request)), json);
        service.post(BASE, this::create, json);
        service.get(ORGANISATION, (request, response) -> OrganisationDto.of(Parameters.existingOrganisation(request, organisations)), json);
        service.delete(ORGANISATION, this::delete);
        service.put(ORGANISATION + "/domains/" + Parameters.DOMAIN, this::addDomain);
        service.delete(ORGANISATION + "/domains/" + Parameters.DOMAIN, this::removeDomain);
        service.put(ORGANISATION + "/partner/:partner", this::setPartner);
        service.delete(ORGANISATION + "/partner", this::removePartner);
        service.put(ORGANISATION + "/route", this::setRoute);
        service.get(ORGANISATION + "/route", this::getRoute, json);
        service.delete(ORGANISATION + "/route", this::removeRoute);
    }

    private List<OrganisationDto> list(ContinuityPrincipal principal) {
        return organisations.list()
            .filter(organisation -> WebAdminAccessRules.sees(principal, organisation.id(), organisation.partner()))
            .map(OrganisationDto::of).collectList().block();
    }

    private Object create(Request request, Response response) {
        OrganisationCreation creation = JsonBody.parse(request, OrganisationCreation.class);
        Organisation organisation;
        try {
            organisation = new Organisation(OrganisationId.of(creation.id), creation.displayName,
                creation.domains.stream().map(Parameters::domain).collect(ImmutableSet.toImmutableSet()),
                creation.partner.map(PartnerId::of), Optional.empty());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw HttpErrors.badRequest(String.valueOf(e.getMessage()));
        }
        organisation.domains().forEach(this::checkKnownDomain);
        organisation.partner().ifPresent(this::checkKnownPartner);
        try {
            organisations.create(organisation).block();
        } catch (OrganisationAlreadyExistsException | DomainAlreadyOwnedException e) {
            throw HttpErrors.conflict(e.getMessage());
        }
        response.status(HttpStatus.CREATED_201);
        response.header("Location", BASE + "/" + organisation.id().asString());
        return OrganisationDto.of(organisation);
    }

    private Object delete(Request request, Response response) {
        try {
            deletion.delete(Parameters.organisationId(request)).block();
        } catch (OrganisationDeletion.SpooledMailException e) {
            throw HttpErrors.conflict(e.getMessage());
        }
        return Responses.returnNoContent(response);
    }

    private Object addDomain(Request request, Response response) {
        Organisation organisation = Parameters.existingOrganisation(request, organisations);
        Domain domain = Parameters.domain(request.params(Parameters.DOMAIN));
        checkKnownDomain(domain);
        try {
            organisations.addDomain(organisation.id(), domain).block();
        } catch (DomainAlreadyOwnedException e) {
            throw HttpErrors.conflict(e.getMessage());
        }
        return Responses.returnNoContent(response);
    }

    private Object removeDomain(Request request, Response response) {
        Organisation organisation = Parameters.existingOrganisation(request, organisations);
        organisations.removeDomain(organisation.id(), Parameters.domain(request.params(Parameters.DOMAIN))).block();
        return Responses.returnNoContent(response);
    }

    private Object setPartner(Request request, Response response) {
        Organisation organisation = Parameters.existingOrganisation(request, organisations);
        PartnerId partner;
        try {
            partner = PartnerId.of(request.params(":partner"));
        } catch (IllegalArgumentException e) {
            throw HttpErrors.badRequest(e.getMessage());
        }
        checkKnownPartner(partner);
        organisations.setPartner(organisation.id(), Optional.of(partner)).block();
        return Responses.returnNoContent(response);
    }

    private Object removePartner(Request request, Response response) {
        Organisation organisation = Parameters.existingOrganisation(request, organisations);
        organisations.setPartner(organisation.id(), Optional.empty()).block();
        return Responses.returnNoContent(response);
    }

    private Object setRoute(Request request, Response response) {
        Organisation organisation = Parameters.existingOrganisation(request, organisations);
        RouteDto route = JsonBody.parse(request, RouteDto.class);
        try {
            organisations.setRoute(organisation.id(), Optional.of(route.toRoute())).block();
        } catch (IllegalArgumentException e) {
            throw HttpErrors.badRequest("Invalid route: " + e.getMessage());
        }
        return Responses.returnNoContent(response);
    }

    private Object getRoute(Request request, Response response) {
        Organisation organisation = Parameters.existingOrganisation(request, organisations);
        return organisation.route().map(RouteDto::of)
            .orElseThrow(() -> HttpErrors.notFound("Organisation '" + organisation.id().asString() + "' has no downstream route"));
    }

    private Object removeRoute(Request request, Response response) {
        Organisation organisation = Parameters.existingOrganisation(request, organisations);
        organisations.setRoute(organisation.id(), Optional.empty()).block();
        return Responses.returnNoContent(response);
    }

    private void checkKnownPartner(PartnerId partner) {
        if (partners.get(partner).blockOptional().isEmpty()) {
            throw HttpErrors.notFound("Partner '" + partner.asString() + "' does not exist: create it first with POST /continuity/partners");
        }
    }

    private void checkKnownDomain(Domain domain) {
        try {
            if (!domainList.containsDomain(domain)) {
                throw HttpErrors.notFound("Domain '" + domain.asString() + "' is not a domain of this gateway: create it first with "
                    + "PUT /domains/" + domain.asString());
            }
        } catch (DomainListException e) {
            throw new IllegalStateException("Cannot read the domain list", e);
        }
    }
}
