package io.emergencyinbox.webadmin;

import java.util.List;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.james.core.healthcheck.ComponentName;
import org.apache.james.core.healthcheck.HealthCheck;
import org.apache.james.core.healthcheck.Result;
import org.reactivestreams.Publisher;

import io.emergencyinbox.core.health.DownstreamState;
import io.emergencyinbox.core.health.HealthTracker;
import io.emergencyinbox.core.organisation.Organisation;
import io.emergencyinbox.core.organisation.OrganisationStore;
import reactor.core.publisher.Mono;

/**
 * James health check over every downstream route: DEGRADED, naming each route that is DOWN, while
 * any is (the gateway itself still works: it spools), HEALTHY otherwise. James's
 * {@code /healthcheck} therefore keeps answering 200 during a customer's outage. Each route's own
 * check is at {@code GET /continuity/organisations/{id}/health}.
 */
public class DownstreamsHealthCheck implements HealthCheck {
    public static final ComponentName COMPONENT = new ComponentName("EmergencyInbox downstream routes");

    private final OrganisationStore organisations;
    private final HealthTracker health;

    @Inject
    public DownstreamsHealthCheck(OrganisationStore organisations, HealthTracker health) {
        this.organisations = organisations;
        this.health = health;
    }

    @Override
    public ComponentName componentName() {
        return COMPONENT;
    }

    @Override
    public Publisher<Result> check() {
        return organisations.list()
            .filter(organisation -> organisation.route().isPresent())
            .flatMap(organisation -> health.current(organisation.id()))
            .filter(state -> !state.isUp())
            .collectList()
            .map(this::result)
            .onErrorResume(e -> Mono.just(Result.unhealthy(COMPONENT, "Cannot read the state of the downstream routes", e)));
    }

    private Result result(List<DownstreamState> down) {
        if (down.isEmpty()) {
            return Result.healthy(COMPONENT);
        }
        return Result.degraded(COMPONENT, down.stream().map(DownstreamsHealthCheck::describe).collect(Collectors.joining("; ")));
    }

    /** One route's check, for {@code GET /continuity/organisations/{id}/health}. */
    public Mono<Result> check(Organisation organisation) {
        ComponentName component = new ComponentName("EmergencyInbox downstream " + organisation.id().asString());
        if (organisation.route().isEmpty()) {
            return Mono.just(Result.degraded(component, "Organisation " + organisation.id().asString() + " has no downstream route"));
        }
        return health.current(organisation.id())
            .map(state -> state.isUp() ? Result.healthy(component) : Result.degraded(component, describe(state)));
    }

    static String describe(DownstreamState state) {
        return "Downstream of " + state.organisation().asString() + " is DOWN since " + state.since()
            + state.outage().map(outage -> " (outage " + outage.asString() + ")").orElse("")
            + state.lastError().map(error -> ": " + error).orElse("");
    }
}
