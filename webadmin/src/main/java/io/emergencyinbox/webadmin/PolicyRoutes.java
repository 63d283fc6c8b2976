package io.emergencyinbox.webadmin;

import javax.inject.Inject;

import org.apache.james.webadmin.PublicRoutes;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.apache.james.webadmin.utils.Responses;

import io.emergencyinbox.core.notice.NoticeSchedules;
import io.emergencyinbox.core.organisation.Organisation;
import io.emergencyinbox.core.organisation.OrganisationStore;
import io.emergencyinbox.core.policy.OrganisationPolicyStore;
import io.emergencyinbox.core.policy.PolicyOverrides;
import io.emergencyinbox.webadmin.dto.PolicyDto;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * An organisation's notice schedule and maximum spool age (docs/webadmin.md). Changes apply to mail
 * spooled afterwards.
 * <pre>
 * GET    /continuity/organisations/{id}/policy   200 {overrides, effective} | 404
 * PUT    /continuity/organisations/{id}/policy   204 | 400 | 404
 * DELETE /continuity/organisations/{id}/policy   204 | 404   back to the gateway's policy
 * </pre>
 */
public class PolicyRoutes implements PublicRoutes {
    private static final String POLICY = OrganisationRoutes.BASE + "/" + Parameters.ORGANISATION + "/policy";

    private final OrganisationStore organisations;
    private final OrganisationPolicyStore policies;
    private final NoticeSchedules schedules;
    private final JsonTransformer json;

    @Inject
    public PolicyRoutes(OrganisationStore organisations, OrganisationPolicyStore policies, NoticeSchedules schedules, JsonTransformer json) {
        this.organisations = organisations;
        this.policies = policies;
        this.schedules = schedules;
        this.json = json;
    }

    @Override
    public String getBasePath() {
        return OrganisationRoutes.BASE;
    }

    @Override
    public void define(Service service) {
        service.get(POLICY, this::get, json);
        service.put(POLICY, this::set);
        service.delete(POLICY, this::reset);
    }

    private PolicyDto.View get(Request request, Response response) {
        Organisation organisation = Parameters.existingOrganisation(request, organisations);
        return new PolicyDto.View(PolicyDto.of(policies.get(organisation.id()).block()),
            PolicyDto.of(schedules.of(organisation.id()).block()));
    }

    private Object set(Request request, Response response) {
        Organisation organisation = Parameters.existingOrganisation(request, organisations);
        PolicyOverrides overrides;
        try {
            overrides = JsonBody.parse(request, PolicyDto.class).toOverrides();
            overrides.applyTo(schedules.defaultSchedule());
        } catch (IllegalArgumentException e) {
            throw HttpErrors.badRequest("Invalid policy: " + e.getMessage());
        }
        policies.set(organisation.id(), overrides).block();
        return Responses.returnNoContent(response);
    }

    private Object reset(Request request, Response response) {
        Organisation organisation = Parameters.existingOrganisation(request, organisations);
        policies.delete(organisation.id()).block();
        return Responses.returnNoContent(response);
    }
}
