package io.emergencyinbox.core.engine;

import static io.emergencyinbox.core.engine.EngineHarness.START;
import static io.emergencyinbox.core.engine.EngineHarness.routeTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.emergencyinbox.core.health.DownstreamState;
import io.emergencyinbox.core.organisation.Organisation;
import io.emergencyinbox.core.outage.Outage;
import io.emergencyinbox.core.outage.OutageTrigger;
import io.emergencyinbox.testing.DownstreamServer;
import io.emergencyinbox.testing.DownstreamServer.Greeting;

class HealthProberTest {
    private EngineHarness engine;
    private DownstreamServer server;
    private Organisation acme;

    @BeforeEach
    void setUp() {
        engine = EngineHarness.withPolicy();
        server = engine.downstream();
        acme = engine.organisation("acme", server);
    }

    @AfterEach
    void tearDown() {
        engine.close();
    }

    private Organisation organisationWithCommandTimeout(String id, DownstreamServer downstream, Duration commandTimeout) {
        return engine.organisation(id, Optional.of(routeTo(downstream).withTimeouts(EngineHarness.CONNECT_TIMEOUT, commandTimeout)));
    }

    @Test
    void aServerReadyForMailShouldBeRecordedAsAProbeSuccess() {
        DownstreamState state = engine.prober.probe(acme).join();

        assertThat(state.isUp()).isTrue();
        assertThat(state.consecutiveSuccesses()).isEqualTo(1);
        assertThat(state.lastProbe()).hasValue(START);
        assertThat(engine.state(acme.id())).isEqualTo(state);
        assertThat(server.connections()).isEqualTo(1);
        assertThat(server.received()).isEmpty();
    }

    @Test
    void aStoppedServerShouldBeRecordedAsAProbeFailure() {
        server.stop();

        DownstreamState state = engine.prober.probe(acme).join();

        assertThat(state.consecutiveFailures()).isEqualTo(1);
        assertThat(state.lastProbe()).hasValue(START);
        assertThat(state.lastError()).hasValueSatisfying(error -> assertThat(error).contains("127.0.0.1:" + server.port()));
    }

    @Test
    void aSilentServerShouldFailTheProbeWithinTheCommandTimeout() {
        server.greet(Greeting.SILENT);
        Organisation silent = organisationWithCommandTimeout("silent", server, Duration.ofMillis(300));
        long startedAt = System.nanoTime();

        DownstreamState state = engine.prober.probe(silent).join();

        assertThat(Duration.ofNanos(System.nanoTime() - startedAt)).isLessThan(Duration.ofSeconds(2));
        assertThat(state.consecutiveFailures()).isEqualTo(1);
    }

    @Test
    void aHangingRouteShouldNotDelayTheProbeOfAnother() throws Exception {
        DownstreamServer hanging = engine.downstream().greet(Greeting.SILENT);
        Organisation stuck = organisationWithCommandTimeout("stuck", hanging, Duration.ofSeconds(20));

        CompletableFuture<DownstreamState> stuckProbe = engine.prober.probe(stuck);
        DownstreamState healthy = engine.prober.probe(acme).get(2, TimeUnit.SECONDS);

        assertThat(healthy.consecutiveSuccesses()).isEqualTo(1);
        assertThat(stuckProbe).isNotDone();
        hanging.stop(); // the stuck probe fails at once instead of after 20 s
        assertThat(stuckProbe.get(5, TimeUnit.SECONDS).consecutiveFailures()).isEqualTo(1);
    }

    @Test
    void aRouteWhoseProbeIsStillRunningShouldNotBeProbedTwice() throws Exception {
        DownstreamServer hanging = engine.downstream().greet(Greeting.SILENT);
        Organisation stuck = organisationWithCommandTimeout("stuck", hanging, Duration.ofSeconds(20));

        CompletableFuture<DownstreamState> first = engine.prober.probe(stuck);
        CompletableFuture<DownstreamState> second = engine.prober.probe(stuck);

        assertThat(second).isSameAs(first);
        await().atMost(Duration.ofSeconds(5)).until(() -> hanging.connections() == 1);
        hanging.stop();
        first.get(5, TimeUnit.SECONDS);
        assertThat(hanging.connections()).isEqualTo(1);
    }

    @Test
    void aProbeAskedForRightAfterAnotherShouldProbeAgain() {
        for (int round = 1; round <= 200; round++) {
            engine.prober.probe(acme).join();

            assertThat(server.connections()).as("round %s", round).isEqualTo(round);
        }
    }

    @Test
    void probeAllShouldOpenAnOutageAfterEnoughFailuresAndCloseItAfterEnoughSuccesses() {
        server.stop();
        for (int i = 0; i < engine.policy.health().failuresBeforeDown(); i++) {
            engine.prober.probeAll();
        }
        DownstreamState down = engine.state(acme.id());
        assertThat(down.isUp()).isFalse();
        Outage outage = engine.outage(down);
        assertThat(outage.trigger()).isEqualTo(OutageTrigger.PROBE);

        server.restart();
        engine.clock.advance(Duration.ofMinutes(5));
        for (int i = 0; i < engine.policy.health().successesBeforeUp(); i++) {
            engine.prober.probeAll();
        }

        assertThat(engine.state(acme.id()).isUp()).isTrue();
        assertThat(engine.outages.get(outage.id()).block().end()).hasValue(START.plus(Duration.ofMinutes(5)));
    }

    @Test
    void probeAllShouldProbeEveryRouteAndSkipOrganisationsWithoutOne() {
        DownstreamServer other = engine.downstream();
        Organisation initech = engine.organisation("initech", other);
        Organisation routeless = engine.organisation("routeless", Optional.empty());

        engine.prober.probeAll();

        assertThat(server.connections()).isEqualTo(1);
        assertThat(other.connections()).isEqualTo(1);
        assertThat(engine.state(initech.id()).lastProbe()).hasValue(START);
        assertThat(engine.states.get(routeless.id()).blockOptional()).isEmpty();
    }
}
