package io.emergencyinbox.core.health;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.inject.Inject;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.emergencyinbox.core.organisation.OrganisationId;
import io.emergencyinbox.core.outage.Outage;
import io.emergencyinbox.core.outage.OutageId;
import io.emergencyinbox.core.outage.OutageStore;
import io.emergencyinbox.core.outage.OutageTrigger;
import reactor.core.publisher.Mono;

/**
 * Turns evidence (probe results, delivery attempts, admin declarations) into route states, and
 * opens and closes the matching outages. The only component that writes {@link DownstreamState}.
 */
public class HealthTracker {
    private static final Logger LOGGER = LoggerFactory.getLogger(HealthTracker.class);

    private final DownstreamStateStore states;
    private final OutageStore outages;
    private final HealthPolicy policy;
    private final Clock clock;
    private final List<HealthTransitionListener> listeners = new CopyOnWriteArrayList<>();

    @Inject
    public HealthTracker(DownstreamStateStore states, OutageStore outages, HealthPolicy policy, Clock clock) {
        this.states = states;
        this.outages = outages;
        this.policy = policy;
        this.clock = clock;
    }

    public void addListener(HealthTransitionListener listener) {
        listeners.add(listener);
    }

    /** The current state; a route never observed is UP. */
    public Mono<DownstreamState> current(OrganisationId organisation) {
        return states.get(organisation)
            .switchIfEmpty(Mono.fromCallable(() -> DownstreamState.initial(organisation, clock.instant())));
    }

    public Mono<DownstreamState> recordSuccess(OrganisationId organisation, Evidence evidence) {
        if (evidence == Evidence.DELIVERY) {
            // The common case: a healthy route delivering mail. Nothing changes, so nothing is written.
            return states.get(organisation)
                .filter(state -> state.isUp() && state.consecutiveFailures() == 0)
                .switchIfEmpty(Mono.defer(() -> update(organisation, evidence)));
        }
        return update(organisation, evidence);
    }

    private Mono<DownstreamState> update(OrganisationId organisation, Evidence evidence) {
        Instant now = clock.instant();
        return states.update(organisation, current -> current.orElseGet(() -> DownstreamState.initial(organisation, now))
                .afterSuccess(evidence, now, policy))
            .flatMap(change -> afterChange(change, now, triggerOf(evidence), Optional.empty()));
    }

    public Mono<DownstreamState> recordFailure(OrganisationId organisation, Evidence evidence, String error) {
        Instant now = clock.instant();
        OutageId candidate = OutageId.random();
        return states.update(organisation, current -> current.orElseGet(() -> DownstreamState.initial(organisation, now))
                .afterFailure(evidence, now, error, policy, candidate))
            .flatMap(change -> afterChange(change, now, triggerOf(evidence), Optional.of(error)));
    }

    /** Opens a manual outage, or marks the open one as manual; returns the outage. */
    public Mono<Outage> declareOutage(OrganisationId organisation, Optional<String> reason) {
        Instant now = clock.instant();
        OutageId candidate = OutageId.random();
        return states.update(organisation, current -> current.orElseGet(() -> DownstreamState.initial(organisation, now))
                .declaredDown(now, candidate))
            .flatMap(change -> afterChange(change, now, OutageTrigger.MANUAL, reason))
            .flatMap(state -> outages.get(state.outage().orElseThrow()));
    }

    /** Ends the open outage by hand: the route is UP and draining starts. */
    public Mono<OutageId> endOutage(OrganisationId organisation) {
        Instant now = clock.instant();
        return states.update(organisation, current -> current
                .filter(state -> !state.isUp())
                .map(state -> state.endedByHand(now))
                .orElseThrow(() -> new NoOpenOutageException(organisation)))
            .flatMap(change -> afterChange(change, now, OutageTrigger.MANUAL, Optional.empty())
                .thenReturn(change.before().flatMap(DownstreamState::outage).orElseThrow()));
    }

    /**
     * Makes the outage records agree with the route's state again after a crash cut a transition in two (the
     * state is written first, then the outage record): records the state's open outage if its record is missing,
     * and closes every other outage left open, at the time the state last changed. Run at start; harmless while
     * another node is in the middle of a transition (opening keeps the first record, closing the first end).
     */
    public Mono<Void> reconcileOutages(OrganisationId organisation) {
        return states.get(organisation).map(Optional::of).defaultIfEmpty(Optional.empty())
            .flatMap(state -> {
                Optional<OutageId> current = state.filter(s -> !s.isUp()).flatMap(DownstreamState::outage);
                Mono<Void> recordCurrent = Mono.justOrEmpty(current)
                    .filterWhen(id -> outages.get(id).hasElement().map(exists -> !exists))
                    .flatMap(id -> {
                        DownstreamState down = state.orElseThrow();
                        LOGGER.warn("Outage {} of {} had no record (the gateway stopped while opening it): recorded now",
                            id, organisation.asString());
                        return outages.open(Outage.open(id, organisation, down.since(),
                            down.declaredByHand() ? OutageTrigger.MANUAL : OutageTrigger.PROBE,
                            Optional.of("recorded at start, the gateway having stopped before recording it"
                                + down.lastError().map(error -> ": " + error).orElse(""))));
                    });
                Mono<Void> closeOthers = outages.list(organisation)
                    .filter(Outage::isOpen)
                    .filter(outage -> !current.equals(Optional.of(outage.id())))
                    .concatMap(outage -> {
                        Instant end = state.map(DownstreamState::since).filter(since -> since.isAfter(outage.start()))
                            .orElseGet(clock::instant);
                        LOGGER.warn("Outage {} of {} was left open (the gateway stopped while closing it): closed at {}",
                            outage.id(), organisation.asString(), end);
                        return outages.close(outage.id(), end);
                    })
                    .then();
                return recordCurrent.then(closeOthers);
            });
    }

    private Mono<DownstreamState> afterChange(StateChange change, Instant now, OutageTrigger trigger, Optional<String> reason) {
        DownstreamState after = change.after();
        Mono<Void> record = Mono.empty();
        if (change.wentDown()) {
            LOGGER.warn("Downstream of {} is DOWN: outage {} opened ({}{})", after.organisation().asString(),
                after.outage().orElseThrow(), trigger, reason.map(r -> ": " + r).orElse(""));
            record = outages.open(Outage.open(after.outage().orElseThrow(), after.organisation(), now, trigger, reason));
        } else if (change.cameUp()) {
            OutageId closed = change.before().flatMap(DownstreamState::outage).orElseThrow();
            LOGGER.info("Downstream of {} is UP: outage {} closed", after.organisation().asString(), closed);
            record = outages.close(closed, now);
        }
        return record.then(Mono.fromCallable(() -> {
            if (change.wentDown() || change.cameUp()) {
                listeners.forEach(listener -> notify(listener, change));
            }
            return after;
        }));
    }

    private static void notify(HealthTransitionListener listener, StateChange change) {
        try {
            listener.onTransition(change);
        } catch (RuntimeException e) {
            LOGGER.error("Health transition listener {} failed", listener, e);
        }
    }

    private static OutageTrigger triggerOf(Evidence evidence) {
        return evidence == Evidence.PROBE ? OutageTrigger.PROBE : OutageTrigger.DELIVERY_FAILURE;
    }
}
