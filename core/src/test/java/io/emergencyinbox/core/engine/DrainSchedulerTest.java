package io.emergencyinbox.core.engine;

import static io.emergencyinbox.core.engine.EngineHarness.START;
import static io.emergencyinbox.core.engine.EngineHarness.receivedIds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.emergencyinbox.core.organisation.Organisation;
import io.emergencyinbox.core.spool.SpoolEntry;
import io.emergencyinbox.testing.DownstreamServer;

class DrainSchedulerTest {
    private static final String BOB = "bob@acme.test";

    private EngineHarness engine;
    private DownstreamServer server;
    private Organisation acme;

    private void start(String... policy) {
        engine = EngineHarness.withPolicy(policy);
        server = engine.downstream();
        acme = engine.organisation("acme", server);
    }

    @AfterEach
    void tearDown() {
        engine.close();
    }

    /** Messages spooled during an outage that has just ended, one second apart, numbered by arrival. */
    private List<SpoolEntry> spooledDuringAnOutage(int count) {
        engine.markDown(acme.id());
        List<Integer> order = IntStream.range(0, count).boxed().collect(Collectors.toCollection(ArrayList::new));
        Collections.shuffle(order, new Random(42)); // the store must order them, not the insertion
        List<SpoolEntry> entries = new ArrayList<>();
        for (int index : order) {
            entries.add(engine.spooled(acme, START.plusSeconds(index), id(index), BOB));
        }
        engine.clock.advance(Duration.ofSeconds(count).plus(Duration.ofHours(1)));
        engine.health.endOutage(acme.id()).block();
        return entries;
    }

    private static String id(int index) {
        return String.format("message-%03d", index);
    }

    private static List<String> ids(int count) {
        return IntStream.range(0, count).mapToObj(DrainSchedulerTest::id).collect(Collectors.toList());
    }

    @Test
    void dueEntriesShouldBeDeliveredInArrivalOrderWithConcurrencyOne() {
        start("drain.concurrency", "1");
        spooledDuringAnOutage(12);

        DrainReport report = engine.drains.drainNow(acme.id());

        assertThat(receivedIds(server)).containsExactlyElementsOf(ids(12));
        assertThat(report.attempted()).isEqualTo(12);
        assertThat(report.completed()).isEqualTo(12);
        assertThat(report.routeFailed()).isFalse();
        assertThat(engine.spool.count(acme.id()).block()).isZero();
    }

    @Test
    void theArrivalOrderShouldHoldAcrossPages() {
        start("drain.concurrency", "1", "scheduler.pageSize", "5");
        spooledDuringAnOutage(12);

        engine.drains.drainNow(acme.id());

        assertThat(receivedIds(server)).containsExactlyElementsOf(ids(12));
    }

    @Test
    void entriesNotYetDueShouldWaitForTheirTime() {
        start();
        SpoolEntry due = engine.spooled(acme, START, "due", BOB);
        SpoolEntry later = engine.spooled(acme, START, "later", BOB);
        engine.spool.update(later.with(builder -> builder.nextAttempt(START.plus(Duration.ofMinutes(30))))).block();

        DrainReport report = engine.drains.drainNow(acme.id());

        assertThat(receivedIds(server)).containsExactly("due");
        assertThat(report.attempted()).isEqualTo(1);
        assertThat(engine.stored(due)).isNull();
        assertThat(engine.stored(later)).isNotNull();
    }

    @Test
    void aDrainShouldNeverTouchARouteThatIsDown() {
        start();
        engine.markDown(acme.id());
        engine.spooled(acme, START, "kept", BOB);

        engine.drains.startDueDrains();
        assertThat(engine.drains.isDraining(acme.id())).isFalse();
        DrainReport report = engine.drains.drainNow(acme.id());

        assertThat(report.attempted()).isZero();
        assertThat(server.connections()).isZero();
        assertThat(engine.spool.count(acme.id()).block()).isEqualTo(1);
    }

    @Test
    void dueDrainsShouldStartForUpRoutesOnly() {
        start();
        DownstreamServer initechServer = engine.downstream();
        Organisation initech = engine.organisation("initech", initechServer);
        engine.markDown(initech.id());
        engine.spooled(initech, START, "for-initech", "peter@initech.test");
        engine.spooled(acme, START, "for-acme", BOB);

        engine.drains.startDueDrains();

        await().atMost(Duration.ofSeconds(10)).until(() -> engine.spool.count(acme.id()).block() == 0);
        assertThat(receivedIds(server)).containsExactly("for-acme");
        assertThat(initechServer.connections()).isZero();
        assertThat(engine.spool.count(initech.id()).block()).isEqualTo(1);
    }

    @Test
    void aRouteFailureShouldStopTheDrainAndPauseTheRouteForOneProbeInterval() {
        start("drain.concurrency", "1");
        List<SpoolEntry> entries = spooledDuringAnOutage(3);
        server.stop();

        DrainReport report = engine.drains.drainNow(acme.id());

        assertThat(report.routeFailed()).isTrue();
        assertThat(report.attempted()).isEqualTo(1);
        assertThat(engine.spool.count(acme.id()).block()).isEqualTo(3);
        SpoolEntry first = engine.stored(entries.stream().filter(entry -> entry.arrival().equals(START)).findFirst().orElseThrow());
        assertThat(first.lastFailure()).isPresent();
        assertThat(first.attempts()).as("a route failure is not the message's attempt").isZero();
        assertThat(engine.state(acme.id()).consecutiveFailures()).isEqualTo(1);

        server.restart();
        engine.drains.startDueDrains();
        engine.clock.advance(engine.policy.probeInterval().minusSeconds(1));
        engine.drains.startDueDrains();
        assertThat(engine.drains.isDraining(acme.id())).isFalse();
        assertThat(server.connections()).as("paused: no connection before the probe interval has passed").isZero();

        engine.clock.advance(Duration.ofSeconds(2));
        engine.drains.startDueDrains();

        await().atMost(Duration.ofSeconds(10)).until(() -> engine.spool.count(acme.id()).block() == 0);
        assertThat(receivedIds(server)).containsExactlyElementsOf(ids(3));
    }

    @Test
    void aRouteComingBackUpShouldLiftThePause() {
        start("drain.concurrency", "1");
        spooledDuringAnOutage(2);
        server.stop();
        engine.drains.drainNow(acme.id());
        server.restart();

        engine.drains.resume(acme.id());
        engine.drains.startDueDrains();

        await().atMost(Duration.ofSeconds(10)).until(() -> engine.spool.count(acme.id()).block() == 0);
    }

    @Test
    void withConcurrencyFourEveryEntryShouldBeDeliveredExactlyOnce() {
        start("drain.concurrency", "4");
        spooledDuringAnOutage(40);

        DrainReport report = engine.drains.drainNow(acme.id());

        Map<String, Long> deliveries = receivedIds(server).stream()
            .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(deliveries).hasSize(40).containsOnlyKeys(ids(40)).allSatisfy((id, count) -> assertThat(count).isEqualTo(1));
        assertThat(report.completed()).isEqualTo(40);
        assertThat(engine.spool.count(acme.id()).block()).isZero();
        assertThat(server.connections()).isBetween(1, 4);
    }

    @Test
    void aRateLimitShouldPaceTheDrain() {
        start("drain.ratePerSecond", "20");
        spooledDuringAnOutage(40);
        long startedAt = System.nanoTime();

        engine.drains.drainNow(acme.id());

        Duration elapsed = Duration.ofNanos(System.nanoTime() - startedAt);
        assertThat(server.acceptedCount()).isEqualTo(40);
        assertThat(elapsed).as("39 intervals of 50 ms").isGreaterThanOrEqualTo(Duration.ofMillis(1800));
    }

    @Test
    void anEntryLeasedByAnotherHolderShouldBeSkipped() {
        start();
        SpoolEntry first = engine.spooled(acme, START, "first", BOB);
        SpoolEntry leased = engine.spooled(acme, START.plusSeconds(1), "leased", BOB);
        SpoolEntry third = engine.spooled(acme, START.plusSeconds(2), "third", BOB);
        engine.clock.advance(Duration.ofSeconds(2));
        Instant now = engine.clock.instant();
        engine.leases.tryAcquire(leased.id(), "another-node", now, now.plus(Duration.ofMinutes(10))).block();

        DrainReport report = engine.drains.drainNow(acme.id());

        assertThat(receivedIds(server)).containsExactlyInAnyOrder("first", "third");
        assertThat(report.attempted()).isEqualTo(2);
        assertThat(engine.stored(leased)).isNotNull();
        assertThat(engine.stored(first)).isNull();
        assertThat(engine.stored(third)).isNull();
    }

    @Test
    void entriesAnotherNodeHoldsShouldBePassedOverWithoutSpendingTheRate() {
        // Two nodes draining one spool: the one behind must catch up with the other, not trail it at the same
        // pace through entries already taken (seen in ClusterTest: one node delivered nearly everything).
        start("drain.ratePerSecond", "1");
        List<SpoolEntry> entries = spooledDuringAnOutage(12);
        Instant now = engine.clock.instant();
        entries.stream()
            .filter(entry -> !entry.id().equals(entries.get(0).id()) && !entry.id().equals(entries.get(1).id()))
            .forEach(entry -> engine.leases.tryAcquire(entry.id(), "another-node", now, now.plus(Duration.ofMinutes(10))).block());
        long startedAt = System.nanoTime();

        DrainReport report = engine.drains.drainNow(acme.id());

        Duration elapsed = Duration.ofNanos(System.nanoTime() - startedAt);
        assertThat(report.completed()).isEqualTo(2);
        assertThat(server.acceptedCount()).isEqualTo(2);
        assertThat(elapsed).as("one interval of 1 s for two deliveries, none for the ten entries held elsewhere")
            .isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void anExpiredLeaseOfACrashedNodeShouldNotHoldTheEntryBack() {
        start();
        SpoolEntry entry = engine.spooled(acme, START, "orphaned", BOB);
        engine.leases.tryAcquire(entry.id(), "crashed-node", START, START.plus(engine.policy.leaseDuration())).block();
        engine.clock.advance(engine.policy.leaseDuration());

        engine.drains.drainNow(acme.id());

        assertThat(receivedIds(server)).containsExactly("orphaned");
    }

    @Test
    void sessionsShouldBeReusedFromMessageToMessage() {
        start("drain.concurrency", "2");
        spooledDuringAnOutage(30);

        engine.drains.drainNow(acme.id());

        assertThat(server.acceptedCount()).isEqualTo(30);
        assertThat(server.connections()).isBetween(1, 2);
    }

    @Test
    void aDeferredEntryShouldWaitForItsBackoffInsteadOfBeingRetriedInTheSameDrain() {
        start();
        server.replyToRecipient(BOB, "451 4.2.1 Mailbox busy");
        SpoolEntry entry = engine.spooled(acme, START, "busy", BOB);

        DrainReport report = engine.drains.drainNow(acme.id());

        assertThat(report.attempted()).isEqualTo(1);
        assertThat(report.deferred()).isEqualTo(1);
        assertThat(engine.stored(entry).attempts()).isEqualTo(1);
        assertThat(engine.stored(entry).nextAttempt()).isEqualTo(START.plus(engine.policy.retryDelay(1)));
    }

    @Test
    void aDrainRequestedRightAfterAnotherShouldDeliverWhatBecameDueMeanwhile() {
        start();
        for (int round = 0; round < 200; round++) {
            SpoolEntry entry = engine.spooled(acme, START, "round-" + round, BOB);

            engine.drains.drainNow(acme.id());

            assertThat(engine.stored(entry)).as("round %s", round).isNull();
        }
        assertThat(server.acceptedCount()).isEqualTo(200);
    }

    @Test
    void drainingAnOrganisationWithoutRouteShouldDoNothing() {
        start();
        Organisation initech = engine.organisation("initech", Optional.empty());
        engine.spooled(initech, START, "nowhere", "peter@initech.test");

        assertThat(engine.drains.drainNow(initech.id()).attempted()).isZero();
        assertThat(engine.spool.count(initech.id()).block()).isEqualTo(1);
    }
}
