package io.emergencyinbox.webadmin;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.UsersRepositoryException;
import org.apache.james.webadmin.PublicRoutes;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.apache.james.webadmin.utils.Responses;
import org.eclipse.jetty.http.HttpStatus;

import com.google.common.collect.ImmutableMap;

import io.emergencyinbox.core.access.AuditLog;
import io.emergencyinbox.core.access.AuditQuery;
import io.emergencyinbox.core.access.Partner;
import io.emergencyinbox.core.access.PartnerAlreadyExistsException;
import io.emergencyinbox.core.access.PartnerStore;
import io.emergencyinbox.core.access.Role;
import io.emergencyinbox.core.access.RoleStore;
import io.emergencyinbox.core.organisation.OrganisationId;
import io.emergencyinbox.core.organisation.OrganisationStore;
import io.emergencyinbox.core.organisation.PartnerId;
import io.emergencyinbox.webadmin.dto.AuditEntryDto;
import io.emergencyinbox.webadmin.dto.PartnerDto;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * Partners, administrative roles and the audit of accesses to other users' accounts
 * (docs/webadmin.md):
 * <pre>
 * GET    /continuity/partners                                200
 * POST   /continuity/partners                                201 | 400 | 409
 * GET    /continuity/partners/{id}                           200 | 404
 * DELETE /continuity/partners/{id}                           204 | 409 while organisations refer to it
 * GET    /continuity/organisations/{id}/admins               200 | 404
 * PUT    /continuity/organisations/{id}/admins/{user}        204 | 400 | 404
 * DELETE /continuity/organisations/{id}/admins/{user}        204 | 404
 * GET    /continuity/partners/{id}/admins                    200 | 404
 * PUT    /continuity/partners/{id}/admins/{user}             204 | 400 | 404
 * DELETE /continuity/partners/{id}/admins/{user}             204 | 404
 * GET    /continuity/users/{user}/roles                      200 | 400 | 404
 * GET    /continuity/audit?organisation=&amp;actor=&amp;target=&amp;from=&amp;to=&amp;limit=   200 | 400
 * </pre>
 */
public class AccessRoutes implements PublicRoutes {
    private static final int DEFAULT_AUDIT_LIMIT = 100;
    private static final int MAX_AUDIT_LIMIT = 1000;

    private final PartnerStore partners;
    private final OrganisationStore organisations;
    private final RoleStore roles;
    private final AuditLog audit;
    private final UsersRepository users;
    private final JsonTransformer json;

    @Inject
    public AccessRoutes(PartnerStore partners, OrganisationStore organisations, RoleStore roles, AuditLog audit, UsersRepository users,
                        JsonTransformer json) {
        this.partners = partners;
        this.organisations = organisations;
        this.roles = roles;
        this.audit = audit;
        this.users = users;
        this.json = json;
    }

    @Override
    public String getBasePath() {
        return "/continuity";
    }

    @Override
    public void define(Service service) {
        service.get("/continuity/partners", (request, response) -> partners.list().map(PartnerDto::of).collectList().block(), json);
        service.post("/continuity/partners", this::createPartner, json);
        service.get("/continuity/partners/:partner", (request, response) -> PartnerDto.of(existingPartner(request)), json);
        service.delete("/continuity/partners/:partner", this::deletePartner);
        service.get("/continuity/organisations/:organisation/admins",
            (request, response) -> holders(Role.organisationAdmin(Parameters.existingOrganisation(request, organisations).id())), json);
        service.put("/continuity/organisations/:organisation/admins/:user", (request, response) ->
            grant(response, user(request), Role.organisationAdmin(Parameters.existingOrganisation(request, organisations).id())));
        service.delete("/continuity/organisations/:organisation/admins/:user", (request, response) ->
            revoke(response, username(request), Role.organisationAdmin(Parameters.existingOrganisation(request, organisations).id())));
        service.get("/continuity/partners/:partner/admins",
            (request, response) -> holders(Role.partnerAdmin(existingPartner(request).id())), json);
        service.put("/continuity/partners/:partner/admins/:user", (request, response) ->
            grant(response, user(request), Role.partnerAdmin(existingPartner(request).id())));
        service.delete("/continuity/partners/:partner/admins/:user", (request, response) ->
            revoke(response, username(request), Role.partnerAdmin(existingPartner(request).id())));
        service.get("/continuity/users/:user/roles", this::rolesOf, json);
        service.get("/continuity/audit", this::queryAudit, json);
    }

    private Object createPartner(Request request, Response response) {
        PartnerDto body = JsonBody.parse(request, PartnerDto.class);
        Partner partner;
        try {
            partner = new Partner(PartnerId.of(body.id), body.displayName);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw HttpErrors.badRequest(String.valueOf(e.getMessage()));
        }
        try {
            partners.create(partner).block();
        } catch (PartnerAlreadyExistsException e) {
            throw HttpErrors.conflict(e.getMessage());
        }
        response.status(HttpStatus.CREATED_201);
        response.header("Location", "/continuity/partners/" + partner.id().asString());
        return PartnerDto.of(partner);
    }

    private Object deletePartner(Request request, Response response) {
        PartnerId id = partnerId(request);
        List<String> customers = organisations.list()
            .filter(organisation -> organisation.partner().equals(Optional.of(id)))
            .map(organisation -> organisation.id().asString())
            .collectList().block();
        if (!customers.isEmpty()) {
            throw HttpErrors.conflict("Partner '" + id.asString() + "' still manages " + customers + ": reassign them first");
        }
        roles.revokeAll(Role.partnerAdmin(id)).then(partners.delete(id)).block();
        return Responses.returnNoContent(response);
    }

    private List<String> holders(Role role) {
        return roles.holders(role).map(Username::asString).collectList().block();
    }

    private Object grant(Response response, Username user, Role role) {
        roles.grant(user, role).block();
        return Responses.returnNoContent(response);
    }

    private Object revoke(Response response, Username user, Role role) {
        roles.revoke(user, role).block();
        return Responses.returnNoContent(response);
    }

    private List<ImmutableMap<String, String>> rolesOf(Request request, Response response) {
        Username user = user(request);
        return roles.rolesOf(user)
            .map(role -> ImmutableMap.of("kind", role.kind().name(), "scope", role.scope()))
            .collectList().block().stream()
            .sorted((a, b) -> (a.get("kind") + a.get("scope")).compareTo(b.get("kind") + b.get("scope")))
            .collect(Collectors.toList());
    }

    private List<AuditEntryDto> queryAudit(Request request, Response response) {
        Optional<OrganisationId> organisation = Optional.ofNullable(request.queryParams("organisation")).map(value -> {
            try {
                return OrganisationId.of(value);
            } catch (IllegalArgumentException e) {
                throw HttpErrors.badRequest(e.getMessage());
            }
        });
        AuditQuery query;
        try {
            query = new AuditQuery(organisation,
                Optional.ofNullable(request.queryParams("actor")).map(AccessRoutes::parseUsername),
                Optional.ofNullable(request.queryParams("target")).map(AccessRoutes::parseUsername),
                instant(request, "from", Instant.EPOCH), instant(request, "to", Instant.MAX), limit(request));
        } catch (IllegalArgumentException e) {
            throw HttpErrors.badRequest(e.getMessage());
        }
        return audit.query(query).map(AuditEntryDto::new).collectList().block();
    }

    private Partner existingPartner(Request request) {
        PartnerId id = partnerId(request);
        return partners.get(id).blockOptional()
            .orElseThrow(() -> HttpErrors.notFound("Partner '" + id.asString() + "' does not exist"));
    }

    private static PartnerId partnerId(Request request) {
        try {
            return PartnerId.of(request.params(":partner"));
        } catch (IllegalArgumentException e) {
            throw HttpErrors.badRequest(e.getMessage());
        }
    }

    /** An existing gateway user named in the path; 404 otherwise. */
    private Username user(Request request) {
        Username user = username(request);
        try {
            if (!users.contains(user)) {
                throw HttpErrors.notFound("User '" + user.asString() + "' does not exist");
            }
        } catch (UsersRepositoryException e) {
            throw new IllegalStateException("Cannot read the users repository", e);
        }
        return user;
    }

    private static Username username(Request request) {
        try {
            return parseUsername(request.params(":user"));
        } catch (IllegalArgumentException e) {
            throw HttpErrors.badRequest(e.getMessage());
        }
    }

    private static Username parseUsername(String value) {
        try {
            return Username.of(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid user '" + value + "': " + e.getMessage());
        }
    }

    private static Instant instant(Request request, String parameter, Instant defaultValue) {
        String value = request.queryParams(parameter);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + parameter + "' must be an ISO-8601 instant such as 2026-12-03T10:00:00Z, got '" + value + "'");
        }
    }

    private static int limit(Request request) {
        String value = request.queryParams("limit");
        if (value == null) {
            return DEFAULT_AUDIT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_AUDIT_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("'limit' must be a number between 1 and " + MAX_AUDIT_LIMIT + ", got '" + value + "'");
    }
}
