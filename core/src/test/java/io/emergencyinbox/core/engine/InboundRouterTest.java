package io.emergencyinbox.core.engine;

import static io.emergencyinbox.core.engine.EngineHarness.SENDER;
import static io.emergencyinbox.core.engine.EngineHarness.START;
import static io.emergencyinbox.core.engine.EngineHarness.address;
import static io.emergencyinbox.core.engine.EngineHarness.envelope;
import static io.emergencyinbox.core.engine.EngineHarness.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.emergencyinbox.core.health.DownstreamState;
import io.emergencyinbox.core.health.Evidence;
import io.emergencyinbox.core.organisation.Organisation;
import io.emergencyinbox.core.outage.Outage;
import io.emergencyinbox.core.outage.OutageCounter;
import io.emergencyinbox.core.spool.AttemptFailure;
import io.emergencyinbox.core.spool.SpoolEntry;
import io.emergencyinbox.core.spool.SpoolRecipient;
import io.emergencyinbox.testing.DownstreamServer;
import io.emergencyinbox.testing.ReceivedMail;

class InboundRouterTest {
    private final AtomicInteger mailNumber = new AtomicInteger();
    private static final String BOB = "bob@acme.test";
    private static final String CAROL = "carol@acme.test";

    private EngineHarness engine;
    private DownstreamServer server;
    private Organisation acme;

    @BeforeEach
    void setUp() {
        engine = EngineHarness.withPolicy();
        server = engine.downstream();
        acme = engine.organisation("acme", server);
        engine.inbox.withAccounts(address(BOB), address(CAROL));
    }

    @AfterEach
    void tearDown() {
        engine.close();
    }

    /** Each call routes another pipeline mail. */
    private RoutingReport route(Organisation organisation, String id, String... recipients) {
        return routeMail("Mail-" + mailNumber.incrementAndGet(), organisation, id, recipients);
    }

    /** Routes the pipeline mail of that name, as the mail queue hands it over (again, after a crash). */
    private RoutingReport routeMail(String mailName, Organisation organisation, String id, String... recipients) {
        return engine.router.route(organisation, mailName, envelope(recipients), message(id), Duration.ZERO, Optional.of(id));
    }

    @Test
    void aMailHandedOverAgainAfterACrashShouldNotBeSpooledTwice() {
        engine.markDown(acme.id());
        RoutingReport first = routeMail("Mail-crashed", acme, "spooled-once", BOB);

        RoutingReport again = routeMail("Mail-crashed", acme, "spooled-once", BOB);

        assertThat(first.wasRoutedBefore()).isFalse();
        assertThat(first.spooledRecipients()).containsExactly(address(BOB));
        assertThat(again.wasRoutedBefore()).isTrue();
        assertThat(again.spooled()).isEmpty();
        assertThat(engine.spool.count(acme.id()).block()).isEqualTo(1);
        assertThat(engine.inbox.copiesOf(address(BOB))).hasSize(1);
    }

    @Test
    void aMailRelayedBeforeACrashShouldNotBeRelayedAgain() {
        routeMail("Mail-relayed", acme, "relayed-once", BOB);

        RoutingReport again = routeMail("Mail-relayed", acme, "relayed-once", BOB);

        assertThat(again.wasRoutedBefore()).isTrue();
        assertThat(server.received()).hasSize(1);
        assertThat(engine.spool.countAll().block()).isZero();
    }

    @Test
    void aMailWhoseSpoolingFailedShouldBeSpooledWhenHandedOverAgain() {
        engine.markDown(acme.id());
        engine.contents.failNextSave();
        assertThatThrownBy(() -> routeMail("Mail-failed", acme, "failed-then-spooled", BOB)).isInstanceOf(RuntimeException.class);

        RoutingReport again = routeMail("Mail-failed", acme, "failed-then-spooled", BOB);

        assertThat(again.wasRoutedBefore()).isFalse();
        assertThat(again.spooledRecipients()).containsExactly(address(BOB));
        assertThat(engine.spool.count(acme.id()).block()).isEqualTo(1);
    }

    @Test
    void oneMailShouldBeRoutedOnceForEachOfItsOrganisations() {
        Organisation globex = engine.organisation("globex", server);
        engine.markDown(acme.id());
        engine.markDown(globex.id());

        routeMail("Mail-shared", acme, "shared", BOB);
        RoutingReport forGlobex = routeMail("Mail-shared", globex, "shared", "dave@globex.test");

        assertThat(forGlobex.wasRoutedBefore()).isFalse();
        assertThat(engine.spool.countAll().block()).isEqualTo(2);
    }

    @Test
    void mailShouldBeRelayedAtOnceAndNotSpooledWhileTheRouteIsUp() {
        RoutingReport report = route(acme, "relayed", BOB, CAROL);

        assertThat(report.relayed()).containsExactly(address(BOB), address(CAROL));
        assertThat(report.spooled()).isEmpty();
        assertThat(server.received()).singleElement().satisfies(mail -> {
            assertThat(mail.recipients()).containsExactly(BOB, CAROL);
            assertThat(mail.header("Subject")).isEqualTo("relayed");
        });
        assertThat(engine.spool.countAll().block()).isZero();
        assertThat(engine.contents.isEmpty()).isTrue();
        assertThat(engine.inbox.copyAttempts()).isZero();
        assertThat(engine.metrics.relayed()).isEqualTo(2);
        assertThat(engine.metrics.spooled()).isZero();
    }

    @Test
    void mailForADownRouteShouldBeSpooledWithoutAnyConnectionToTheDownstream() {
        DownstreamState down = engine.markDown(acme.id());
        int connectionsBefore = server.connections();

        RoutingReport report = route(acme, "during-outage", BOB, CAROL);

        assertThat(server.connections()).isEqualTo(connectionsBefore);
        assertThat(report.relayed()).isEmpty();
        assertThat(report.spooledRecipients()).containsExactly(address(BOB), address(CAROL));
        SpoolEntry entry = engine.stored(report.spooled().orElseThrow());
        assertThat(entry.outage()).isEqualTo(down.outage());
        assertThat(entry.attempts()).isZero();
        assertThat(entry.lastFailure()).isEmpty();
        assertThat(entry.nextAttempt()).isEqualTo(START);
        assertThat(engine.counter(engine.outage(down), OutageCounter.SPOOLED)).isEqualTo(2);
        assertThat(engine.metrics.spooled()).isEqualTo(2);
        assertThat(engine.inbox.copies()).hasSize(2);
    }

    @Test
    void mailShouldBeSpooledWithTheFailureWhenTheRouteFailsWhileThoughtUp() {
        server.stop();

        RoutingReport report = route(acme, "refused-connection", BOB);

        SpoolEntry entry = engine.stored(report.spooled().orElseThrow());
        assertThat(entry.attempts()).isEqualTo(1);
        assertThat(entry.lastFailure()).hasValueSatisfying(failure -> {
            assertThat(failure.diagnostic()).contains("127.0.0.1:" + server.port());
            assertThat(failure.replyCode()).isEmpty();
        });
        assertThat(entry.nextAttempt()).as("a route failure charges no backoff to the message").isEqualTo(START);
        assertThat(entry.outage()).as("no outage is open after one failure").isEmpty();
        DownstreamState state = engine.state(acme.id());
        assertThat(state.consecutiveFailures()).isEqualTo(1);
        assertThat(state.lastError()).hasValueSatisfying(error -> assertThat(error).contains("127.0.0.1:" + server.port()));
        assertThat(engine.inbox.copiesOf(address(BOB))).hasSize(1);
        assertThat(engine.notices.sent()).isEmpty();
    }

    @Test
    void repeatedRouteFailuresShouldOpenAnOutageThatLaterMailIsTiedTo() {
        server.stop();

        for (int i = 0; i < engine.policy.health().failuresBeforeDown(); i++) {
            route(acme, "failure-" + i, BOB);
        }
        RoutingReport afterwards = route(acme, "after-outage-opened", BOB);

        DownstreamState state = engine.state(acme.id());
        assertThat(state.isUp()).isFalse();
        assertThat(afterwards.spooled().orElseThrow().outage()).isEqualTo(state.outage());
        assertThat(afterwards.spooled().orElseThrow().attempts()).isZero();
    }

    @Test
    void eachRecipientShouldBeRelayedSpooledOrReturnedAccordingToItsOwnReply() {
        server.replyToRecipient("busy@acme.test", "451 4.2.1 Mailbox busy, try again later");
        server.replyToRecipient("nobody@acme.test", "550 5.1.1 <nobody@acme.test>: Recipient address rejected");
        engine.inbox.withAccounts(address("busy@acme.test"), address("nobody@acme.test"));

        RoutingReport report = route(acme, "mixed", "busy@acme.test", "nobody@acme.test", BOB);

        assertThat(report.relayed()).containsExactly(address(BOB));
        assertThat(report.bounced()).containsExactly(address("nobody@acme.test"));
        assertThat(report.spooledRecipients()).containsExactly(address("busy@acme.test"));
        assertThat(server.received()).singleElement().extracting(ReceivedMail::recipients).isEqualTo(List.of(BOB));

        SpoolEntry entry = engine.stored(report.spooled().orElseThrow());
        assertThat(entry.recipients()).extracting(SpoolRecipient::address).containsExactly(address("busy@acme.test"));
        assertThat(entry.attempts()).isEqualTo(1);
        assertThat(entry.nextAttempt()).isEqualTo(START.plus(engine.policy.retryInitialDelay()));
        assertThat(entry.recipients().get(0).lastFailure()).map(AttemptFailure::diagnostic)
            .hasValue("451 4.2.1 Mailbox busy, try again later");

        assertThat(engine.notices.sent()).singleElement().satisfies(notice -> {
            assertThat(notice.to()).isEqualTo(address(SENDER));
            assertThat(notice.reportedRecipients()).containsExactly("nobody@acme.test");
            assertThat(notice.field("nobody@acme.test", "Action")).hasValue("failed");
            assertThat(notice.field("nobody@acme.test", "Status")).hasValue("5.1.1");
            assertThat(notice.field("nobody@acme.test", "Diagnostic-Code"))
                .hasValueSatisfying(code -> assertThat(code).contains("550 5.1.1 <nobody@acme.test>: Recipient address rejected"));
        });
        assertThat(engine.inbox.copies()).as("only the spooled recipient gets an Emergency Inbox copy")
            .singleElement().satisfies(copy -> assertThat(copy.recipient()).isEqualTo(address("busy@acme.test")));
        assertThat(engine.metrics.relayed()).isEqualTo(1);
        assertThat(engine.metrics.bounced()).isEqualTo(1);
        assertThat(engine.metrics.spooled()).isEqualTo(1);
    }

    @Test
    void aMessageRefusedAtDataShouldBeReturnedToItsSenderAndNotSpooled() {
        server.replyToData("554 5.7.1 Message rejected by content filter");

        RoutingReport report = route(acme, "refused", BOB, CAROL);

        assertThat(report.bounced()).containsExactlyInAnyOrder(address(BOB), address(CAROL));
        assertThat(report.spooled()).isEmpty();
        assertThat(engine.spool.countAll().block()).isZero();
        assertThat(engine.contents.isEmpty()).isTrue();
        assertThat(engine.inbox.copies()).isEmpty();
        assertThat(engine.notices.sent()).singleElement().satisfies(notice -> {
            assertThat(notice.reportedRecipients()).containsExactlyInAnyOrder(BOB, CAROL);
            assertThat(notice.field(BOB, "Diagnostic-Code"))
                .hasValueSatisfying(code -> assertThat(code).contains("554 5.7.1 Message rejected by content filter"));
        });
    }

    @Test
    void aMessageDeferredAtDataShouldBeSpooledForEveryRecipientWithBackoff() {
        server.replyToData("452 4.3.1 Insufficient system storage");

        RoutingReport report = route(acme, "deferred", BOB, CAROL);

        SpoolEntry entry = engine.stored(report.spooled().orElseThrow());
        assertThat(entry.pendingRecipients()).extracting(SpoolRecipient::address).containsExactly(address(BOB), address(CAROL));
        assertThat(entry.nextAttempt()).isEqualTo(START.plus(engine.policy.retryInitialDelay()));
        assertThat(engine.notices.sent()).isEmpty();
    }

    @Test
    void mailShouldBeSpooledNotReturnedWhenTheDownstreamWantsAuthenticationTheRouteLacks() {
        server.requireAuth("gateway", "s3cret-Pa55");

        RoutingReport report = route(acme, "needs-auth", BOB, CAROL);

        assertThat(report.bounced()).isEmpty();
        assertThat(engine.notices.sent()).isEmpty();
        assertThat(report.spooledRecipients()).containsExactly(address(BOB), address(CAROL));
        assertThat(report.spooled().orElseThrow().lastFailure()).map(AttemptFailure::diagnostic)
            .hasValueSatisfying(diagnostic -> assertThat(diagnostic).contains("530 5.7.0 Authentication required"));
        assertThat(engine.state(acme.id()).consecutiveFailures()).isEqualTo(1);
    }

    @Test
    void mailOfAnOrganisationWithoutRouteShouldBeSpooledWithAFailureSayingSo() {
        Organisation initech = engine.organisation("initech", Optional.empty());

        RoutingReport report = route(initech, "nowhere-to-go", "peter@initech.test");

        SpoolEntry entry = engine.stored(report.spooled().orElseThrow());
        assertThat(entry.organisation()).isEqualTo(initech.id());
        assertThat(entry.attempts()).isEqualTo(1);
        assertThat(entry.lastFailure()).map(AttemptFailure::diagnostic).hasValue("organisation has no downstream route");
        assertThat(server.connections()).isZero();
    }

    @Test
    void theArrivalShouldBeWhenTheGatewayAcceptedTheMessageOverSmtp() {
        engine.markDown(acme.id());

        RoutingReport report = engine.router.route(acme, "Mail-queued", envelope(BOB), message("queued"), Duration.ofMinutes(3), Optional.empty());

        assertThat(report.spooled().orElseThrow().arrival()).isEqualTo(START.minus(Duration.ofMinutes(3)));
        assertThat(report.spooled().orElseThrow().expiry()).isEqualTo(START.minus(Duration.ofMinutes(3)).plus(engine.policy.maxSpoolAge()));
    }

    @Test
    void aRelayedMessageShouldKeepTheRouteHealthy() {
        engine.health.recordFailure(acme.id(), Evidence.DELIVERY, "a glitch").block();

        route(acme, "healthy", BOB);

        assertThat(engine.state(acme.id()).consecutiveFailures()).isZero();
    }

    @Test
    void theOutageShouldCountEveryRecipientSpooledWhileItIsOpen() {
        DownstreamState down = engine.markDown(acme.id());
        Outage outage = engine.outage(down);
        route(acme, "one", BOB);
        route(acme, "two", BOB, CAROL);

        assertThat(engine.counter(outage, OutageCounter.SPOOLED)).isEqualTo(3);
        assertThat(engine.spool.count(acme.id()).block()).isEqualTo(2);
    }
}
