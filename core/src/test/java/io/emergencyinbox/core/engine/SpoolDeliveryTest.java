package io.emergencyinbox.core.engine;

import static io.emergencyinbox.core.engine.EngineHarness.START;
import static io.emergencyinbox.core.engine.EngineHarness.address;
import static io.emergencyinbox.core.engine.EngineHarness.routeTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.emergencyinbox.core.delivery.DownstreamSession;
import io.emergencyinbox.core.delivery.RouteUnavailableException;
import io.emergencyinbox.core.health.DownstreamState;
import io.emergencyinbox.core.inbox.InboxCopy;
import io.emergencyinbox.core.organisation.Organisation;
import io.emergencyinbox.core.outage.Outage;
import io.emergencyinbox.core.outage.OutageCounter;
import io.emergencyinbox.core.spool.AttemptFailure;
import io.emergencyinbox.core.spool.RecipientStatus;
import io.emergencyinbox.core.spool.SpoolEntry;
import io.emergencyinbox.core.spool.SpoolRecipient;
import io.emergencyinbox.testing.DownstreamServer;

class SpoolDeliveryTest {
    private static final String BOB = "bob@acme.test";
    private static final String CAROL = "carol@acme.test";
    private static final Duration OUTAGE_LENGTH = Duration.ofHours(3);

    private EngineHarness engine;
    private DownstreamServer server;
    private Organisation acme;
    private Outage outage;
    private DownstreamSession session;

    @BeforeEach
    void setUp() throws Exception {
        engine = EngineHarness.withPolicy();
        server = engine.downstream();
        acme = engine.organisation("acme", server);
        engine.inbox.withAccounts(address(BOB), address(CAROL), address("busy@acme.test"), address("nobody@acme.test"));
        DownstreamState down = engine.markDown(acme.id());
        outage = engine.outage(down);
    }

    @AfterEach
    void tearDown() {
        if (session != null) {
            session.close();
        }
        engine.close();
    }

    /** The outage is over: the clock has moved on and a session to the downstream is open. */
    private DownstreamSession recovered() throws RouteUnavailableException {
        engine.clock.advance(OUTAGE_LENGTH);
        session = engine.transport.open(routeTo(server));
        return session;
    }

    private Instant now() {
        return engine.clock.instant();
    }

    @Test
    void anEntryDeliveredToEveryRecipientShouldLeaveTheSpoolWithItsContent() throws Exception {
        SpoolEntry entry = engine.spooled(acme, START, "all-delivered", BOB, CAROL);

        SpoolDelivery.Result result = engine.delivery.attempt(entry, recovered());

        assertThat(result).isEqualTo(SpoolDelivery.Result.COMPLETED);
        assertThat(engine.stored(entry)).isNull();
        assertThat(engine.contents.isEmpty()).isTrue();
        assertThat(server.received()).singleElement().satisfies(mail -> {
            assertThat(mail.recipients()).containsExactly(BOB, CAROL);
            assertThat(mail.header("Subject")).isEqualTo("all-delivered");
        });
        assertThat(engine.metrics.drained()).isEqualTo(2);
        assertThat(engine.counter(outage, OutageCounter.DELIVERED)).isEqualTo(2);
        assertThat(engine.notices.sent()).isEmpty();
    }

    @Test
    void deliveredCopiesShouldBeFlaggedAndKeptForTheRetentionPeriod() throws Exception {
        SpoolEntry entry = engine.spooled(acme, START, "retained", BOB, CAROL);

        engine.delivery.attempt(entry, recovered());

        Instant removeAfter = now().plus(engine.policy.inboxRetention());
        assertThat(engine.inbox.copies()).hasSize(2).allSatisfy(copy -> {
            assertThat(copy.isMarkedDelivered()).isTrue();
            assertThat(copy.isMarkedReturned()).isFalse();
        });
        assertThat(engine.retention.due(removeAfter.minusMillis(1), 100).collectList().block()).isEmpty();
        assertThat(engine.retention.due(removeAfter, 100).collectList().block())
            .extracting(InboxCopy::recipient, InboxCopy::removeAfter)
            .containsExactlyInAnyOrder(
                tuple(address(BOB), removeAfter),
                tuple(address(CAROL), removeAfter));
    }

    @Test
    void aPartlyDeferredEntryShouldStayWithAnotherAttemptCountedAndBackoff() throws Exception {
        server.replyToRecipient("busy@acme.test", "451 4.2.1 Mailbox busy");
        SpoolEntry entry = engine.spooled(acme, START, "partly", "busy@acme.test", BOB);

        SpoolDelivery.Result result = engine.delivery.attempt(entry, recovered());

        assertThat(result).isEqualTo(SpoolDelivery.Result.DEFERRED);
        SpoolEntry stored = engine.stored(entry);
        assertThat(stored.attempts()).isEqualTo(entry.attempts() + 1);
        assertThat(stored.nextAttempt()).isEqualTo(now().plus(engine.policy.retryDelay(entry.attempts() + 1)));
        assertThat(stored.lastFailure()).isEmpty();
        assertThat(stored.pendingRecipients()).extracting(SpoolRecipient::address).containsExactly(address("busy@acme.test"));
        assertThat(stored.recipient(address("busy@acme.test")).flatMap(SpoolRecipient::lastFailure))
            .map(AttemptFailure::diagnostic).hasValue("451 4.2.1 Mailbox busy");
        assertThat(stored.recipient(address(BOB)).map(SpoolRecipient::status)).hasValue(RecipientStatus.DELIVERED);
        assertThat(engine.contents.read(entry.id()).block()).isNotNull();
        assertThat(engine.inbox.copiesOf(address(BOB))).singleElement().satisfies(copy -> assertThat(copy.isMarkedDelivered()).isTrue());
        assertThat(engine.inbox.copiesOf(address("busy@acme.test"))).singleElement()
            .satisfies(copy -> assertThat(copy.keywords()).isEmpty());
        assertThat(engine.counter(outage, OutageCounter.DELIVERED)).isEqualTo(1);
    }

    @Test
    void theBackoffShouldGrowWithEachDeferredAttempt() throws Exception {
        server.replyToRecipient("busy@acme.test", "451 4.2.1 Mailbox busy");
        SpoolEntry entry = engine.spooled(acme, START, "backoff", "busy@acme.test");
        DownstreamSession open = recovered();

        engine.delivery.attempt(entry, open);
        Instant first = engine.stored(entry).nextAttempt();
        engine.clock.set(first);
        engine.delivery.attempt(engine.stored(entry), open);

        SpoolEntry stored = engine.stored(entry);
        assertThat(stored.attempts()).isEqualTo(2);
        assertThat(Duration.between(first, stored.nextAttempt())).isEqualTo(engine.policy.retryDelay(2));
        assertThat(engine.policy.retryDelay(2)).isGreaterThan(engine.policy.retryDelay(1));
    }

    @Test
    void aPermanentlyRefusedRecipientShouldBeReturnedToTheSenderOnce() throws Exception {
        server.replyToRecipient("nobody@acme.test", "550 5.1.1 No such user");
        SpoolEntry entry = engine.spooled(acme, START, "refused", "nobody@acme.test", BOB);

        SpoolDelivery.Result result = engine.delivery.attempt(entry, recovered());

        assertThat(result).isEqualTo(SpoolDelivery.Result.COMPLETED);
        assertThat(engine.stored(entry)).isNull();
        assertThat(engine.notices.sent()).singleElement().satisfies(notice -> {
            assertThat(notice.reportedRecipients()).containsExactly("nobody@acme.test");
            assertThat(notice.field("nobody@acme.test", "Action")).hasValue("failed");
            assertThat(notice.field("nobody@acme.test", "Status")).hasValue("5.1.1");
            assertThat(notice.field("nobody@acme.test", "Diagnostic-Code"))
                .hasValueSatisfying(code -> assertThat(code).contains("550 5.1.1 No such user"));
        });
        assertThat(engine.inbox.copiesOf(address("nobody@acme.test"))).singleElement()
            .satisfies(copy -> assertThat(copy.isMarkedReturned()).isTrue());
        assertThat(engine.inbox.copiesOf(address(BOB))).singleElement()
            .satisfies(copy -> assertThat(copy.isMarkedDelivered()).isTrue());
        assertThat(engine.counter(outage, OutageCounter.BOUNCED)).isEqualTo(1);
        assertThat(engine.counter(outage, OutageCounter.DELIVERED)).isEqualTo(1);
        assertThat(engine.counter(outage, OutageCounter.NOTICES_SENT)).isEqualTo(1);
        assertThat(engine.metrics.bounced()).isEqualTo(1);
    }

    @Test
    void aRefusedRecipientBesideADeferredOneShouldBeMarkedBouncedAndNotRetried() throws Exception {
        server.replyToRecipient("nobody@acme.test", "550 5.1.1 No such user");
        server.replyToRecipient("busy@acme.test", "451 4.2.1 Mailbox busy");
        SpoolEntry entry = engine.spooled(acme, START, "mixed", "nobody@acme.test", "busy@acme.test");

        SpoolDelivery.Result result = engine.delivery.attempt(entry, recovered());

        assertThat(result).isEqualTo(SpoolDelivery.Result.DEFERRED);
        SpoolEntry stored = engine.stored(entry);
        assertThat(stored.recipient(address("nobody@acme.test")).map(SpoolRecipient::status)).hasValue(RecipientStatus.BOUNCED);
        assertThat(stored.pendingEnvelope().recipients()).extracting(recipient -> recipient.address())
            .containsExactly(address("busy@acme.test"));
        assertThat(engine.notices.sent()).hasSize(1);
    }

    @Test
    void aRouteFailureShouldLeaveTheEntryUntouchedButForItsLastFailure() throws Exception {
        SpoolEntry entry = engine.spooled(acme, START, "route-failure", BOB, CAROL);
        DownstreamSession open = recovered();
        server.stop();

        assertThatThrownBy(() -> engine.delivery.attempt(entry, open)).isInstanceOf(RouteUnavailableException.class);

        SpoolEntry stored = engine.stored(entry);
        assertThat(stored.lastFailure()).hasValueSatisfying(failure -> {
            assertThat(failure.at()).isEqualTo(now());
            assertThat(failure.diagnostic()).contains("127.0.0.1:" + server.port());
        });
        assertThat(stored.with(builder -> builder.lastFailure(entry.lastFailure()))).isEqualTo(entry);
        assertThat(engine.contents.read(entry.id()).block()).isNotNull();
        assertThat(engine.inbox.copies()).allSatisfy(copy -> assertThat(copy.keywords()).isEmpty());
        assertThat(engine.counter(outage, OutageCounter.DELIVERED)).isZero();
        assertThat(engine.notices.sent()).isEmpty();
    }

    @Test
    void aCompletedEntryShouldForgetItsNoticesSoTheLedgerDoesNotGrow() throws Exception {
        SpoolEntry entry = engine.spooled(acme, START, "forgotten", BOB);
        engine.noticeLedger.tryRecord(entry.id(), "delayed-1").block();

        engine.delivery.attempt(entry, recovered());

        assertThat(engine.noticeLedger.isRecorded(entry.id(), "delayed-1").block()).isFalse();
    }
}
