package io.emergencyinbox.webadmin;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.task.TaskManager;
import org.apache.james.webadmin.PublicRoutes;
import org.apache.james.webadmin.tasks.TaskFromRequest;
import org.apache.james.webadmin.tasks.TaskFromRequestRegistry;
import org.apache.james.webadmin.tasks.TaskRegistrationKey;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.apache.james.webadmin.utils.Responses;

import com.google.common.collect.ImmutableList;

import io.emergencyinbox.core.engine.SpoolAdministration;
import io.emergencyinbox.core.organisation.Organisation;
import io.emergencyinbox.core.organisation.OrganisationStore;
import io.emergencyinbox.core.spool.SpoolCursor;
import io.emergencyinbox.core.spool.SpoolEntry;
import io.emergencyinbox.core.spool.SpoolEntryId;
import io.emergencyinbox.core.spool.SpoolStore;
import io.emergencyinbox.webadmin.dto.SpoolEntryDto;
import io.emergencyinbox.webadmin.dto.SpoolPageDto;
import io.emergencyinbox.webadmin.tasks.SpoolTasks;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * A route's spool (docs/webadmin.md):
 * <pre>
 * GET    /continuity/organisations/{id}/spool?limit=100&amp;after={cursor}   200 | 400 | 404  arrival order
 * GET    /continuity/organisations/{id}/spool/{entryId}                   200 | 400 | 404
 * POST   /continuity/organisations/{id}/spool?action=flush                201 task | 400 | 404
 * DELETE /continuity/organisations/{id}/spool                             201 task (purge) | 404
 * DELETE /continuity/organisations/{id}/spool/{entryId}                   204 | 400 | 404  purge one
 * </pre>
 */
public class SpoolRoutes implements PublicRoutes {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    private static final String SPOOL = OrganisationRoutes.BASE + "/" + Parameters.ORGANISATION + "/spool";

    private final OrganisationStore organisations;
    private final SpoolStore spool;
    private final SpoolAdministration administration;
    private final TaskManager taskManager;
    private final Clock clock;
    private final JsonTransformer json;

    @Inject
    public SpoolRoutes(OrganisationStore organisations, SpoolStore spool, SpoolAdministration administration, TaskManager taskManager,
                       Clock clock, JsonTransformer json) {
        this.organisations = organisations;
        this.spool = spool;
        this.administration = administration;
        this.taskManager = taskManager;
        this.clock = clock;
        this.json = json;
    }

    @Override
    public String getBasePath() {
        return OrganisationRoutes.BASE;
    }

    @Override
    public void define(Service service) {
        service.get(SPOOL, this::browse, json);
        service.get(SPOOL + "/:entry", this::entry, json);
        service.post(SPOOL, TaskFromRequestRegistry.builder()
            .register(TaskRegistrationKey.of("flush"),
                request -> SpoolTasks.flush(administration, Parameters.existingOrganisation(request, organisations).id(), clock))
            .buildAsRoute(taskManager), json);
        service.delete(SPOOL, ((TaskFromRequest) request ->
            SpoolTasks.purge(administration, Parameters.existingOrganisation(request, organisations).id(), clock))
            .asRoute(taskManager), json);
        service.delete(SPOOL + "/:entry", this::purgeOne);
    }

    private SpoolPageDto browse(Request request, Response response) {
        Organisation organisation = Parameters.existingOrganisation(request, organisations);
        int limit = limit(request);
        Optional<SpoolCursor> after = Optional.ofNullable(request.queryParams("after")).map(value -> {
            try {
                return SpoolCursor.parse(value);
            } catch (IllegalArgumentException e) {
                throw HttpErrors.badRequest("Invalid 'after' cursor '" + value + "': use the 'next' value of the previous page");
            }
        });
        List<SpoolEntry> page = spool.browse(organisation.id(), after, limit).collectList().block();
        Instant now = clock.instant();
        Optional<String> next = page.size() < limit ? Optional.empty()
            : Optional.of(SpoolCursor.after(page.get(page.size() - 1)).asString());
        return new SpoolPageDto(spool.count(organisation.id()).block(),
            page.stream().map(entry -> new SpoolEntryDto(entry, now)).collect(ImmutableList.toImmutableList()), next);
    }

    private SpoolEntryDto entry(Request request, Response response) {
        Organisation organisation = Parameters.existingOrganisation(request, organisations);
        SpoolEntryId id = entryId(request);
        return spool.get(id).blockOptional()
            .filter(entry -> entry.organisation().equals(organisation.id()))
            .map(entry -> new SpoolEntryDto(entry, clock.instant()))
            .orElseThrow(() -> HttpErrors.notFound("Spool entry " + id.asString() + " is not in the spool of " + organisation.id().asString()));
    }

    private Object purgeOne(Request request, Response response) {
        Organisation organisation = Parameters.existingOrganisation(request, organisations);
        SpoolEntryId id = entryId(request);
        if (!administration.purge(organisation.id(), id)) {
            throw HttpErrors.notFound("Spool entry " + id.asString() + " is not in the spool of " + organisation.id().asString());
        }
        return Responses.returnNoContent(response);
    }

    private static SpoolEntryId entryId(Request request) {
        String value = request.params(":entry");
        try {
            return SpoolEntryId.parse(value);
        } catch (IllegalArgumentException e) {
            throw HttpErrors.badRequest("Invalid spool entry id '" + value + "': expected a UUID");
        }
    }

    private static int limit(Request request) {
        String value = request.queryParams("limit");
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw HttpErrors.badRequest("'limit' must be a number between 1 and " + MAX_LIMIT + ", got '" + value + "'");
    }
}
