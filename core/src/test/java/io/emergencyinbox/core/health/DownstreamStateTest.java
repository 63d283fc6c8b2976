package io.emergencyinbox.core.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.emergencyinbox.core.organisation.OrganisationId;
import io.emergencyinbox.core.outage.OutageId;

class DownstreamStateTest {
    private static final OrganisationId ACME = OrganisationId.of("acme");
    private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");
    private static final HealthPolicy POLICY = new HealthPolicy(3, 2);
    private static final String ERROR = "connect to mx1.acme.com:25: Connection refused";

    private static DownstreamState failures(DownstreamState state, int count, Evidence evidence) {
        DownstreamState current = state;
        for (int i = 0; i < count; i++) {
            current = current.afterFailure(evidence, T0.plusSeconds(i), ERROR, POLICY, OutageId.random());
        }
        return current;
    }

    private static DownstreamState successes(DownstreamState state, int count) {
        DownstreamState current = state;
        for (int i = 0; i < count; i++) {
            current = current.afterSuccess(Evidence.PROBE, T0.plusSeconds(100 + i), POLICY);
        }
        return current;
    }

    private static DownstreamState down() {
        return failures(DownstreamState.initial(ACME, T0), 3, Evidence.PROBE);
    }

    @Test
    void aRouteNeverObservedShouldBeUp() {
        DownstreamState initial = DownstreamState.initial(ACME, T0);

        assertThat(initial.health()).isEqualTo(DownstreamHealth.UP);
        assertThat(initial.since()).isEqualTo(T0);
        assertThat(initial.consecutiveFailures()).isZero();
        assertThat(initial.outage()).isEmpty();
        assertThat(initial.declaredByHand()).isFalse();
    }

    @Test
    void aRouteShouldStayUpBeforeTheFailureThreshold() {
        DownstreamState state = failures(DownstreamState.initial(ACME, T0), 2, Evidence.PROBE);

        assertThat(state.isUp()).isTrue();
        assertThat(state.consecutiveFailures()).isEqualTo(2);
        assertThat(state.outage()).isEmpty();
        assertThat(state.lastError()).contains(ERROR);
    }

    @Test
    void aRouteShouldGoDownAtTheFailureThreshold() {
        OutageId outage = OutageId.random();
        DownstreamState beforeThreshold = failures(DownstreamState.initial(ACME, T0), 2, Evidence.DELIVERY);
        Instant third = T0.plusSeconds(60);

        DownstreamState state = beforeThreshold.afterFailure(Evidence.DELIVERY, third, ERROR, POLICY, outage);

        assertThat(state.health()).isEqualTo(DownstreamHealth.DOWN);
        assertThat(state.since()).isEqualTo(third);
        assertThat(state.consecutiveFailures()).isEqualTo(3);
        assertThat(state.outage()).contains(outage);
        assertThat(state.lastError()).contains(ERROR);
        assertThat(state.lastErrorAt()).contains(third);
        assertThat(state.declaredByHand()).isFalse();
    }

    @Test
    void oneFailureShouldBeEnoughWithAThresholdOfOne() {
        DownstreamState state = DownstreamState.initial(ACME, T0)
            .afterFailure(Evidence.PROBE, T0, ERROR, new HealthPolicy(1, 1), OutageId.random());

        assertThat(state.isUp()).isFalse();
    }

    @Test
    void furtherFailuresShouldKeepTheOutageOpenedFirst() {
        DownstreamState down = down();
        OutageId opened = down.outage().orElseThrow();

        DownstreamState state = down.afterFailure(Evidence.PROBE, T0.plusSeconds(90), "timeout", POLICY, OutageId.random());

        assertThat(state.isUp()).isFalse();
        assertThat(state.outage()).contains(opened);
        assertThat(state.since()).isEqualTo(down.since());
        assertThat(state.consecutiveFailures()).isEqualTo(4);
        assertThat(state.lastError()).contains("timeout");
    }

    @Test
    void aSuccessShouldResetTheFailureCount() {
        DownstreamState state = failures(DownstreamState.initial(ACME, T0), 2, Evidence.PROBE)
            .afterSuccess(Evidence.DELIVERY, T0.plusSeconds(10), POLICY);

        assertThat(state.consecutiveFailures()).isZero();

        DownstreamState afterTwoMoreFailures = failures(state, 2, Evidence.PROBE);
        assertThat(afterTwoMoreFailures.isUp()).isTrue();
        assertThat(failures(afterTwoMoreFailures, 1, Evidence.PROBE).isUp()).isFalse();
    }

    @Test
    void aFailureShouldResetTheSuccessCount() {
        DownstreamState state = successes(down(), 1)
            .afterFailure(Evidence.PROBE, T0.plusSeconds(200), ERROR, POLICY, OutageId.random());

        assertThat(state.consecutiveSuccesses()).isZero();
        assertThat(successes(state, 1).isUp()).isFalse();
        assertThat(successes(state, 2).isUp()).isTrue();
    }

    @Test
    void aDownRouteShouldStayDownBeforeTheSuccessThreshold() {
        DownstreamState state = successes(down(), 1);

        assertThat(state.isUp()).isFalse();
        assertThat(state.consecutiveSuccesses()).isEqualTo(1);
        assertThat(state.outage()).isPresent();
    }

    @Test
    void aDownRouteShouldComeUpAtTheSuccessThreshold() {
        DownstreamState down = down();
        Instant second = T0.plusSeconds(500);

        DownstreamState state = successes(down, 1).afterSuccess(Evidence.PROBE, second, POLICY);

        assertThat(state.health()).isEqualTo(DownstreamHealth.UP);
        assertThat(state.since()).isEqualTo(second);
        assertThat(state.outage()).isEmpty();
        assertThat(state.consecutiveFailures()).isZero();
    }

    @Test
    void probesShouldBeRecordedButNotDeliveries() {
        Instant probe = T0.plusSeconds(5);
        DownstreamState probed = DownstreamState.initial(ACME, T0).afterSuccess(Evidence.PROBE, probe, POLICY);

        DownstreamState delivered = probed.afterSuccess(Evidence.DELIVERY, T0.plusSeconds(10), POLICY)
            .afterFailure(Evidence.DELIVERY, T0.plusSeconds(20), ERROR, POLICY, OutageId.random());

        assertThat(probed.lastProbe()).contains(probe);
        assertThat(delivered.lastProbe()).contains(probe);
    }

    @Test
    void aDeclaredOutageShouldStayDownDespiteSuccesses() {
        OutageId declared = OutageId.random();
        DownstreamState state = DownstreamState.initial(ACME, T0).declaredDown(T0, declared);

        DownstreamState afterSuccesses = successes(state, 10);

        assertThat(afterSuccesses.isUp()).isFalse();
        assertThat(afterSuccesses.declaredByHand()).isTrue();
        assertThat(afterSuccesses.outage()).contains(declared);
    }

    @Test
    void declaringAnOutageShouldOpenOneOnAnUpRoute() {
        OutageId declared = OutageId.random();
        Instant at = T0.plusSeconds(30);

        DownstreamState state = DownstreamState.initial(ACME, T0).declaredDown(at, declared);

        assertThat(state.health()).isEqualTo(DownstreamHealth.DOWN);
        assertThat(state.since()).isEqualTo(at);
        assertThat(state.outage()).contains(declared);
        assertThat(state.declaredByHand()).isTrue();
    }

    @Test
    void declaringAnOutageOnADownRouteShouldKeepTheOpenOutage() {
        DownstreamState down = down();

        DownstreamState state = down.declaredDown(T0.plusSeconds(600), OutageId.random());

        assertThat(state.isUp()).isFalse();
        assertThat(state.outage()).isEqualTo(down.outage());
        assertThat(state.since()).isEqualTo(down.since());
        assertThat(state.declaredByHand()).isTrue();
        assertThat(successes(state, 5).isUp()).isFalse();
    }

    @Test
    void endingByHandShouldBringTheRouteUpAtOnce() {
        DownstreamState declared = DownstreamState.initial(ACME, T0).declaredDown(T0, OutageId.random());
        Instant end = T0.plus(Duration.ofHours(2));

        DownstreamState state = declared.endedByHand(end);

        assertThat(state.health()).isEqualTo(DownstreamHealth.UP);
        assertThat(state.since()).isEqualTo(end);
        assertThat(state.outage()).isEmpty();
        assertThat(state.declaredByHand()).isFalse();
        assertThat(state.consecutiveFailures()).isZero();
    }

    @Test
    void failuresAfterAnOutageEndedByHandShouldOpenANewOutage() {
        DownstreamState declared = DownstreamState.initial(ACME, T0).declaredDown(T0, OutageId.random());
        OutageId next = OutageId.random();
        DownstreamState ended = declared.endedByHand(T0.plusSeconds(3600));

        DownstreamState state = failures(ended, 2, Evidence.PROBE)
            .afterFailure(Evidence.PROBE, T0.plusSeconds(4000), ERROR, POLICY, next);

        assertThat(state.isUp()).isFalse();
        assertThat(state.outage()).contains(next);
        assertThat(state.declaredByHand()).isFalse();
    }
}
