package io.emergencyinbox.core.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.emergencyinbox.core.organisation.OrganisationId;
import io.emergencyinbox.core.outage.MemoryOutageStore;
import io.emergencyinbox.core.outage.Outage;
import io.emergencyinbox.core.outage.OutageId;
import io.emergencyinbox.core.outage.OutageTrigger;
import io.emergencyinbox.testing.MutableClock;
import reactor.core.publisher.Mono;

class HealthTrackerTest {
    private static final OrganisationId ACME = OrganisationId.of("acme");
    private static final OrganisationId GLOBEX = OrganisationId.of("globex");
    private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");
    private static final String REFUSED = "connect to mx1.acme.com:25: ConnectException Connection refused";

    private MemoryDownstreamStateStore states;
    private MemoryOutageStore outages;
    private MutableClock clock;
    private HealthTracker tracker;
    private List<StateChange> transitions;

    @BeforeEach
    void setUp() {
        states = new MemoryDownstreamStateStore();
        outages = new MemoryOutageStore();
        clock = new MutableClock(T0);
        tracker = new HealthTracker(states, outages, new HealthPolicy(3, 2), clock);
        transitions = new CopyOnWriteArrayList<>();
        tracker.addListener(transitions::add);
    }

    /** The outage store of a gateway killed in the middle of a transition: its next open or close is lost. */
    private static final class InterruptedOutageStore extends MemoryOutageStore {
        private volatile boolean loseNextOpen;
        private volatile boolean loseNextClose;

        @Override
        public Mono<Void> open(Outage outage) {
            if (loseNextOpen) {
                loseNextOpen = false;
                return Mono.error(new IllegalStateException("killed before the outage was recorded (test)"));
            }
            return super.open(outage);
        }

        @Override
        public Mono<Void> close(OutageId id, Instant end) {
            if (loseNextClose) {
                loseNextClose = false;
                return Mono.error(new IllegalStateException("killed before the outage was closed (test)"));
            }
            return super.close(id, end);
        }
    }

    private InterruptedOutageStore interruptible() {
        InterruptedOutageStore interrupted = new InterruptedOutageStore();
        outages = interrupted;
        tracker = new HealthTracker(states, outages, new HealthPolicy(3, 2), clock);
        return interrupted;
    }

    @Test
    void anOutageLeftOpenByACrashAsTheRouteCameBackShouldBeClosedWhenTheRouteCameBack() {
        InterruptedOutageStore interrupted = interruptible();
        OutageId outage = fail(Evidence.PROBE, 3).outage().orElseThrow();
        interrupted.loseNextClose = true;
        clock.advance(Duration.ofSeconds(30));
        tracker.recordSuccess(ACME, Evidence.PROBE).block();
        clock.advance(Duration.ofSeconds(30));
        assertThatThrownBy(() -> tracker.recordSuccess(ACME, Evidence.PROBE).block()).hasMessageContaining("killed");
        Instant cameUp = clock.instant();
        assertThat(outages.get(outage).block().isOpen()).as("the crash left it open").isTrue();
        clock.advance(Duration.ofMinutes(10)); // the gateway restarts

        tracker.reconcileOutages(ACME).block();

        assertThat(outages.get(outage).block().end()).hasValue(cameUp);
        assertThat(tracker.current(ACME).block().isUp()).isTrue();
    }

    @Test
    void theOpenOutageOfARouteShouldBeRecordedWhenACrashLostItsRecord() {
        InterruptedOutageStore interrupted = interruptible();
        fail(Evidence.PROBE, 2);
        interrupted.loseNextOpen = true;
        clock.advance(Duration.ofSeconds(30));
        Instant wentDown = clock.instant();
        assertThatThrownBy(() -> tracker.recordFailure(ACME, Evidence.PROBE, REFUSED).block()).hasMessageContaining("killed");
        OutageId outage = states.get(ACME).block().outage().orElseThrow();
        assertThat(outages.get(outage).blockOptional()).isEmpty();

        tracker.reconcileOutages(ACME).block();

        Outage recorded = outages.get(outage).block();
        assertThat(recorded.isOpen()).isTrue();
        assertThat(recorded.start()).isEqualTo(wentDown);
        assertThat(recorded.reason()).hasValueSatisfying(reason -> assertThat(reason).contains("recorded at start").contains(REFUSED));
    }

    @Test
    void reconcilingOutagesThatAgreeWithTheirRouteShouldChangeNothing() {
        OutageId closed = fail(Evidence.PROBE, 3).outage().orElseThrow();
        succeed(Evidence.PROBE, 2);
        OutageId open = fail(Evidence.PROBE, 3).outage().orElseThrow();
        List<Outage> before = outages.list(ACME).collectList().block();

        tracker.reconcileOutages(ACME).block();
        tracker.reconcileOutages(GLOBEX).block();

        assertThat(outages.list(ACME).collectList().block()).isEqualTo(before);
        assertThat(outages.get(open).block().isOpen()).isTrue();
        assertThat(outages.get(closed).block().isOpen()).isFalse();
    }

    private DownstreamState fail(Evidence evidence, int times) {
        DownstreamState state = null;
        for (int i = 0; i < times; i++) {
            clock.advance(Duration.ofSeconds(30));
            state = tracker.recordFailure(ACME, evidence, REFUSED).block();
        }
        return state;
    }

    private DownstreamState succeed(Evidence evidence, int times) {
        DownstreamState state = null;
        for (int i = 0; i < times; i++) {
            clock.advance(Duration.ofSeconds(30));
            state = tracker.recordSuccess(ACME, evidence).block();
        }
        return state;
    }

    @Test
    void aRouteNeverObservedShouldBeUp() {
        DownstreamState state = tracker.current(ACME).block();

        assertThat(state.isUp()).isTrue();
        assertThat(outages.list(ACME).collectList().block()).isEmpty();
    }

    @Test
    void failuresBelowTheThresholdShouldOpenNoOutage() {
        DownstreamState state = fail(Evidence.PROBE, 2);

        assertThat(state.isUp()).isTrue();
        assertThat(state.consecutiveFailures()).isEqualTo(2);
        assertThat(outages.list(ACME).collectList().block()).isEmpty();
        assertThat(transitions).isEmpty();
    }

    @Test
    void failedProbesShouldOpenAnOutageTriggeredByProbe() {
        DownstreamState state = fail(Evidence.PROBE, 3);

        assertThat(state.isUp()).isFalse();
        Outage outage = outages.get(state.outage().orElseThrow()).block();
        assertThat(outage.organisation()).isEqualTo(ACME);
        assertThat(outage.trigger()).isEqualTo(OutageTrigger.PROBE);
        assertThat(outage.reason()).contains(REFUSED);
        assertThat(outage.start()).isEqualTo(clock.instant());
        assertThat(outage.isOpen()).isTrue();
    }

    @Test
    void failedDeliveriesShouldOpenAnOutageTriggeredByDeliveryFailure() {
        DownstreamState state = fail(Evidence.DELIVERY, 3);

        Outage outage = outages.get(state.outage().orElseThrow()).block();
        assertThat(outage.trigger()).isEqualTo(OutageTrigger.DELIVERY_FAILURE);
        assertThat(outage.reason()).contains(REFUSED);
    }

    @Test
    void theStoredStateShouldBeTheReturnedState() {
        DownstreamState state = fail(Evidence.PROBE, 3);

        assertThat(states.get(ACME).blockOptional()).contains(state);
        assertThat(tracker.current(ACME).block()).isEqualTo(state);
    }

    @Test
    void furtherFailuresShouldNotOpenAnotherOutage() {
        fail(Evidence.PROBE, 3);

        fail(Evidence.DELIVERY, 5);

        assertThat(outages.list(ACME).collectList().block()).hasSize(1);
        assertThat(transitions).hasSize(1);
    }

    @Test
    void successesShouldCloseTheOutageWithItsEndTime() {
        OutageId outage = fail(Evidence.PROBE, 3).outage().orElseThrow();

        DownstreamState afterOne = succeed(Evidence.PROBE, 1);
        assertThat(afterOne.isUp()).isFalse();
        assertThat(outages.get(outage).block().isOpen()).isTrue();

        DownstreamState afterTwo = succeed(Evidence.PROBE, 1);
        assertThat(afterTwo.isUp()).isTrue();
        assertThat(outages.get(outage).block().end()).contains(clock.instant());
    }

    @Test
    void successfulDeliveriesShouldAlsoBringTheRouteUp() {
        OutageId outage = fail(Evidence.PROBE, 3).outage().orElseThrow();

        DownstreamState state = succeed(Evidence.DELIVERY, 2);

        assertThat(state.isUp()).isTrue();
        assertThat(outages.get(outage).block().isOpen()).isFalse();
    }

    @Test
    void aNewOutageShouldBeOpenedAfterRecovery() {
        OutageId first = fail(Evidence.PROBE, 3).outage().orElseThrow();
        succeed(Evidence.PROBE, 2);

        OutageId second = fail(Evidence.PROBE, 3).outage().orElseThrow();

        assertThat(second).isNotEqualTo(first);
        assertThat(outages.list(ACME).collectList().block()).extracting(Outage::id).containsExactly(second, first);
        assertThat(outages.get(second).block().isOpen()).isTrue();
        assertThat(outages.get(first).block().isOpen()).isFalse();
    }

    @Test
    void listenersShouldBeToldOncePerTransition() {
        fail(Evidence.PROBE, 5);
        succeed(Evidence.PROBE, 4);
        fail(Evidence.DELIVERY, 1);

        assertThat(transitions).hasSize(2);
        assertThat(transitions.get(0).wentDown()).isTrue();
        assertThat(transitions.get(0).after().organisation()).isEqualTo(ACME);
        assertThat(transitions.get(1).cameUp()).isTrue();
    }

    @Test
    void aFailingListenerShouldNotStopTheOthers() {
        tracker.addListener(change -> {
            throw new IllegalStateException("listener bug");
        });
        List<StateChange> last = new CopyOnWriteArrayList<>();
        tracker.addListener(last::add);

        DownstreamState state = fail(Evidence.PROBE, 3);

        assertThat(state.isUp()).isFalse();
        assertThat(last).hasSize(1);
        assertThat(transitions).hasSize(1);
    }

    @Test
    void routesShouldBeTrackedSeparately() {
        fail(Evidence.PROBE, 3);

        assertThat(tracker.current(GLOBEX).block().isUp()).isTrue();
        assertThat(outages.list(GLOBEX).collectList().block()).isEmpty();
    }

    @Test
    void declareOutageShouldOpenAManualOutageWithItsReason() {
        Outage outage = tracker.declareOutage(ACME, Optional.of("planned maintenance of the Exchange server")).block();

        assertThat(outage.trigger()).isEqualTo(OutageTrigger.MANUAL);
        assertThat(outage.reason()).contains("planned maintenance of the Exchange server");
        assertThat(outage.start()).isEqualTo(T0);
        assertThat(outage.isOpen()).isTrue();
        assertThat(outages.get(outage.id()).blockOptional()).contains(outage);
        DownstreamState state = tracker.current(ACME).block();
        assertThat(state.isUp()).isFalse();
        assertThat(state.declaredByHand()).isTrue();
        assertThat(state.outage()).contains(outage.id());
        assertThat(transitions).hasSize(1);
    }

    @Test
    void aDeclaredOutageShouldNotEndWithSuccessfulProbes() {
        Outage outage = tracker.declareOutage(ACME, Optional.empty()).block();

        DownstreamState state = succeed(Evidence.PROBE, 10);

        assertThat(state.isUp()).isFalse();
        assertThat(outages.get(outage.id()).block().isOpen()).isTrue();
    }

    @Test
    void declaringDuringADetectedOutageShouldReturnTheOpenOutage() {
        OutageId detected = fail(Evidence.PROBE, 3).outage().orElseThrow();

        Outage outage = tracker.declareOutage(ACME, Optional.of("we know")).block();

        assertThat(outage.id()).isEqualTo(detected);
        assertThat(outages.list(ACME).collectList().block()).hasSize(1);
        assertThat(succeed(Evidence.PROBE, 5).isUp()).isFalse();
        assertThat(transitions).hasSize(1);
    }

    @Test
    void endOutageShouldCloseADeclaredOutage() {
        Outage declared = tracker.declareOutage(ACME, Optional.of("maintenance")).block();
        clock.advance(Duration.ofHours(2));

        OutageId ended = tracker.endOutage(ACME).block();

        assertThat(ended).isEqualTo(declared.id());
        assertThat(outages.get(declared.id()).block().end()).contains(T0.plus(Duration.ofHours(2)));
        assertThat(tracker.current(ACME).block().isUp()).isTrue();
        assertThat(transitions).hasSize(2);
        assertThat(transitions.get(1).cameUp()).isTrue();
    }

    @Test
    void endOutageShouldAlsoCloseADetectedOutage() {
        OutageId detected = fail(Evidence.PROBE, 3).outage().orElseThrow();

        assertThat(tracker.endOutage(ACME).block()).isEqualTo(detected);
        assertThat(outages.get(detected).block().end()).contains(clock.instant());
        assertThat(tracker.current(ACME).block().isUp()).isTrue();
    }

    @Test
    void endOutageShouldFailForARouteNeverObserved() {
        assertThatThrownBy(() -> tracker.endOutage(ACME).block())
            .isInstanceOf(NoOpenOutageException.class)
            .hasMessageContaining("acme");
    }

    @Test
    void endOutageShouldFailForAnUpRoute() {
        fail(Evidence.PROBE, 2);

        assertThatThrownBy(() -> tracker.endOutage(ACME).block())
            .isInstanceOf(NoOpenOutageException.class);
        assertThat(tracker.current(ACME).block().consecutiveFailures()).isEqualTo(2);
    }

    @Test
    void endOutageShouldFailOnceTheOutageIsEnded() {
        tracker.declareOutage(ACME, Optional.empty()).block();
        tracker.endOutage(ACME).block();

        assertThatThrownBy(() -> tracker.endOutage(ACME).block())
            .isInstanceOf(NoOpenOutageException.class);
    }
}
