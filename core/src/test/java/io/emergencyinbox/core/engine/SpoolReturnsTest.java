package io.emergencyinbox.core.engine;

import static io.emergencyinbox.core.engine.EngineHarness.SENDER;
import static io.emergencyinbox.core.engine.EngineHarness.START;
import static io.emergencyinbox.core.engine.EngineHarness.address;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.emergencyinbox.core.health.DownstreamState;
import io.emergencyinbox.core.notice.DsnNotifier;
import io.emergencyinbox.core.notice.DsnReportBuilder;
import io.emergencyinbox.core.notice.FailureCause;
import io.emergencyinbox.core.notice.NoticeTransport;
import io.emergencyinbox.core.notice.NotifyRules;
import io.emergencyinbox.core.organisation.Organisation;
import io.emergencyinbox.core.outage.Outage;
import io.emergencyinbox.core.outage.OutageCounter;
import io.emergencyinbox.core.spool.RecipientStatus;
import io.emergencyinbox.core.spool.SpoolEntry;
import reactor.core.publisher.Mono;

class SpoolReturnsTest {
    private static final String BOB = "bob@acme.test";
    private static final String CAROL = "carol@acme.test";

    private EngineHarness engine;
    private Organisation acme;
    private Outage outage;

    @BeforeEach
    void setUp() {
        engine = EngineHarness.withPolicy();
        acme = engine.organisation("acme", engine.downstream());
        engine.inbox.withAccounts(address(BOB), address(CAROL));
        DownstreamState down = engine.markDown(acme.id());
        outage = engine.outage(down);
    }

    @AfterEach
    void tearDown() {
        engine.close();
    }

    @Test
    void anExpiredEntryShouldBeReturnedWithOneFailedNoticeAndLeaveTheSpool() {
        SpoolEntry entry = engine.spooled(acme, START, "expired", BOB, CAROL);

        int returned = engine.returns.returnToSender(entry, FailureCause.EXPIRED);

        assertThat(returned).isEqualTo(2);
        assertThat(engine.notices.sent()).singleElement().satisfies(notice -> {
            assertThat(notice.to()).isEqualTo(address(SENDER));
            assertThat(notice.reportedRecipients()).containsExactly(BOB, CAROL);
            assertThat(notice.field(BOB, "Action")).hasValue("failed");
            assertThat(notice.field(BOB, "Status")).hasValue("5.4.7");
        });
        assertThat(engine.stored(entry)).isNull();
        assertThat(engine.contents.isEmpty()).isTrue();
        assertThat(engine.inbox.copies()).hasSize(2).allSatisfy(copy -> assertThat(copy.isMarkedReturned()).isTrue());
    }

    @Test
    void theOutageShouldCountTheReturnedRecipientsAndTheNotice() {
        SpoolEntry entry = engine.spooled(acme, START, "counted", BOB, CAROL);

        engine.returns.returnToSender(entry, FailureCause.PURGED);

        assertThat(engine.counter(outage, OutageCounter.BOUNCED)).isEqualTo(2);
        assertThat(engine.counter(outage, OutageCounter.NOTICES_SENT)).isEqualTo(1);
        assertThat(engine.metrics.bounced()).isEqualTo(2);
        Outage counted = engine.outages.get(outage.id()).block();
        assertThat(counted.counters().stillSpooled()).isZero();
    }

    @Test
    void onlyRecipientsStillPendingShouldBeReturned() {
        SpoolEntry entry = engine.spooled(acme, START, "partly-delivered", BOB, CAROL);
        SpoolEntry partlyDelivered = entry.withRecipient(entry.recipient(address(BOB)).orElseThrow().withStatus(RecipientStatus.DELIVERED));
        engine.spool.update(partlyDelivered).block();

        int returned = engine.returns.returnToSender(partlyDelivered, FailureCause.EXPIRED);

        assertThat(returned).isEqualTo(1);
        assertThat(engine.notices.sent()).singleElement()
            .satisfies(notice -> assertThat(notice.reportedRecipients()).containsExactly(CAROL));
        assertThat(engine.inbox.copiesOf(address(BOB))).singleElement()
            .satisfies(copy -> assertThat(copy.isMarkedReturned()).isFalse());
    }

    @Test
    void aNoticeAlreadyRecordedInTheLedgerShouldNotBeSentAgain() {
        SpoolEntry entry = engine.spooled(acme, START, "recorded", BOB);
        engine.noticeLedger.tryRecord(entry.id(), "failed").block(); // recorded by a node that crashed before removing the entry

        engine.returns.returnToSender(entry, FailureCause.EXPIRED);

        assertThat(engine.notices.sent()).isEmpty();
        assertThat(engine.stored(entry)).isNull();
        assertThat(engine.counter(outage, OutageCounter.BOUNCED)).isEqualTo(1);
        assertThat(engine.counter(outage, OutageCounter.NOTICES_SENT)).isZero();
    }

    @Test
    void twoReturnsOfOneEntryAtTheSameTimeShouldSendOneNotice() throws Exception {
        SpoolEntry entry = engine.spooled(acme, START, "twice", BOB);
        CountDownLatch sending = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        NoticeTransport slow = new NoticeTransport() {
            @Override
            public Mono<Void> send(MailAddress recipient, MimeMessage notice) {
                return Mono.fromRunnable(() -> {
                    sending.countDown();
                    await(release);
                }).then(engine.notices.send(recipient, notice));
            }

            @Override
            public MailAddress postmaster() {
                return engine.notices.postmaster();
            }
        };
        SpoolReturns returns = new SpoolReturns(engine.spool, engine.contents, engine.noticeLedger,
            new DsnNotifier(new DsnReportBuilder("gateway.test"), slow, new NotifyRules(true), engine.clock),
            engine.inbox, engine.outages, engine.metrics);

        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> returns.returnToSender(entry, FailureCause.EXPIRED));
        assertThat(sending.await(5, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Integer> second = CompletableFuture.supplyAsync(() -> returns.returnToSender(entry, FailureCause.EXPIRED));
        second.get(5, TimeUnit.SECONDS);
        release.countDown();
        first.get(5, TimeUnit.SECONDS);

        assertThat(engine.notices.sent()).hasSize(1);
        assertThat(engine.stored(entry)).isNull();
    }

    @Test
    void noNoticeShouldGoToTheNullSenderButTheEntryShouldStillLeave() {
        SpoolEntry bounce = engine.spooled(acme, START, "bounce", BOB);
        SpoolEntry fromNullSender = bounce.with(builder -> builder.sender(MaybeSender.nullSender()));
        engine.spool.update(fromNullSender).block();

        int returned = engine.returns.returnToSender(fromNullSender, FailureCause.EXPIRED);

        assertThat(returned).isEqualTo(1);
        assertThat(engine.notices.sent()).isEmpty();
        assertThat(engine.stored(bounce)).isNull();
        assertThat(engine.counter(outage, OutageCounter.NOTICES_SENT)).isZero();
        assertThat(engine.counter(outage, OutageCounter.BOUNCED)).isEqualTo(1);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
