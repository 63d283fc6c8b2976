package io.emergencyinbox.webadmin;

import java.util.List;

import javax.inject.Inject;

import org.apache.james.webadmin.PublicRoutes;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.eclipse.jetty.http.HttpStatus;

import io.emergencyinbox.core.health.HealthTracker;
import io.emergencyinbox.core.health.NoOpenOutageException;
import io.emergencyinbox.core.organisation.Organisation;
import io.emergencyinbox.core.organisation.OrganisationStore;
import io.emergencyinbox.core.outage.Outage;
import io.emergencyinbox.core.outage.OutageId;
import io.emergencyinbox.core.outage.OutageStore;
import io.emergencyinbox.core.spool.SpoolStore;
import io.emergencyinbox.webadmin.dto.HealthDto;
import io.emergencyinbox.webadmin.dto.OutageDeclaration;
import io.emergencyinbox.webadmin.dto.OutageDto;
import io.emergencyinbox.webadmin.dto.StatusDto;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * Route status and outages (docs/webadmin.md):
 * <pre>
 * GET    /continuity/organisations/{id}/status             200 | 404
 * GET    /continuity/organisations/{id}/health             200 | 404   James health-check format: healthy or degraded
 * GET    /continuity/organisations/{id}/outages            200 | 404   newest first
 * POST   /continuity/organisations/{id}/outages            201 | 400 | 404   declare (planned maintenance)
 * DELETE /continuity/organisations/{id}/outages/current    200 | 404 | 409   end the open outage
 * GET    /continuity/outages/{outageId}                    200 | 400 | 404
 * </pre>
 */
public class OutageRoutes implements PublicRoutes {
    private static final String ORGANISATION = OrganisationRoutes.BASE + "/" + Parameters.ORGANISATION;

    private final OrganisationStore organisations;
    private final HealthTracker health;
    private final OutageStore outages;
    private final SpoolStore spool;
    private final DownstreamsHealthCheck healthCheck;
    private final JsonTransformer json;

    @Inject
    public OutageRoutes(OrganisationStore organisations, HealthTracker health, OutageStore outages, SpoolStore spool,
                        DownstreamsHealthCheck healthCheck, JsonTransformer json) {
        this.organisations = organisations;
        this.health = health;
        this.outages = outages;
        this.spool = spool;
        this.healthCheck = healthCheck;
        this.json = json;
    }

    @Override
    public String getBasePath() {
        return "/continuity";
    }

    @Override
    public void define(Service service) {
        service.get(ORGANISATION + "/status", this::status, json);
        service.get(ORGANISATION + "/health", this::health, json);
        service.get(ORGANISATION + "/outages", this::list, json);
        service.post(ORGANISATION + "/outages", this::declare, json);
        service.delete(ORGANISATION + "/outages/current", this::end, json);
        service.get("/continuity/outages/:outage", this::get, json);
    }

    private StatusDto status(Request request, Response response) {
        Organisation organisation = Parameters.existingOrganisation(request, organisations);
        return new StatusDto(health.current(organisation.id()).block(), spool.count(organisation.id()).block());
    }

    private HealthDto health(Request request, Response response) {
        Organisation organisation = Parameters.existingOrganisation(request, organisations);
        return new HealthDto(healthCheck.check(organisation).block());
    }

    private List<OutageDto> list(Request request, Response response) {
        Organisation organisation = Parameters.existingOrganisation(request, organisations);
        return outages.list(organisation.id()).map(OutageDto::of).collectList().block();
    }

    private OutageDto declare(Request request, Response response) {
        Organisation organisation = Parameters.existingOrganisation(request, organisations);
        OutageDeclaration declaration = request.body() == null || request.body().isBlank()
            ? new OutageDeclaration(null)
            : JsonBody.parse(request, OutageDeclaration.class);
        Outage outage = health.declareOutage(organisation.id(), declaration.reason).block();
        response.status(HttpStatus.CREATED_201);
        response.header("Location", "/continuity/outages/" + outage.id().asString());
        return OutageDto.of(outage);
    }

    private OutageDto end(Request request, Response response) {
        Organisation organisation = Parameters.existingOrganisation(request, organisations);
        try {
            OutageId ended = health.endOutage(organisation.id()).block();
            return OutageDto.of(outages.get(ended).block());
        } catch (NoOpenOutageException e) {
            throw HttpErrors.conflict(e.getMessage());
        }
    }

    private OutageDto get(Request request, Response response) {
        OutageId id;
        try {
            id = OutageId.parse(request.params(":outage"));
        } catch (IllegalArgumentException e) {
            throw HttpErrors.badRequest("Invalid outage id '" + request.params(":outage") + "': expected a UUID");
        }
        return outages.get(id).map(OutageDto::of).blockOptional()
            .orElseThrow(() -> HttpErrors.notFound("Outage " + id.asString() + " does not exist"));
    }
}
