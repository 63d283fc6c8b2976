package io.emergencyinbox.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.mail.internet.AddressException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.emergencyinbox.core.config.ContinuityPolicy;
import io.emergencyinbox.core.inbox.EmergencyInbox;
import io.emergencyinbox.core.message.ContentSource;
import io.emergencyinbox.core.message.EnvelopeRecipient;
import io.emergencyinbox.core.notice.DsnNotifier;
import io.emergencyinbox.core.notice.DsnReportBuilder;
import io.emergencyinbox.core.notice.MemoryNoticeLedger;
import io.emergencyinbox.core.notice.NoticeSchedules;
import io.emergencyinbox.core.notice.NoticeTransport;
import io.emergencyinbox.core.notice.NotifyRules;
import io.emergencyinbox.core.organisation.OrganisationId;
import io.emergencyinbox.core.outage.MemoryOutageStore;
import io.emergencyinbox.core.policy.MemoryOrganisationPolicyStore;
import io.emergencyinbox.core.spool.MemorySpoolContentStore;
import io.emergencyinbox.core.spool.MemorySpoolLeases;
import io.emergencyinbox.core.spool.MemorySpoolStore;
import io.emergencyinbox.core.spool.SpoolEntry;
import io.emergencyinbox.core.spool.SpoolEntryId;
import io.emergencyinbox.core.spool.SpoolRecipient;
import io.emergencyinbox.testing.MutableClock;
import reactor.core.publisher.Mono;

class NoticeSchedulerTest {
    private static final Instant ARRIVAL = Instant.parse("2026-03-01T10:00:00Z");

    private final ContinuityPolicy policy = ContinuityPolicy.DEFAULT;
    private MutableClock clock;
    private MemorySpoolStore spool;
    private MemorySpoolContentStore contents;
    private MemoryNoticeLedger ledger;
    private MemoryOutageStore outages;
    private NoticeSchedules schedules;
    private final List<MimeMessage> sent = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        clock = new MutableClock(ARRIVAL);
        spool = new MemorySpoolStore();
        contents = new MemorySpoolContentStore();
        ledger = new MemoryNoticeLedger();
        outages = new MemoryOutageStore();
        schedules = new NoticeSchedules(policy, new MemoryOrganisationPolicyStore());
    }

    /** A scheduler as a gateway builds it at start-up: several instances over the same stores are several starts. */
    private NoticeScheduler newScheduler() {
        NoticeTransport transport = new NoticeTransport() {
            @Override
            public Mono<Void> send(MailAddress recipient, MimeMessage notice) {
                return Mono.fromRunnable(() -> sent.add(notice));
            }

            @Override
            public MailAddress postmaster() {
                return address("postmaster@gateway.test");
            }
        };
        DsnNotifier notifier = new DsnNotifier(new DsnReportBuilder("gateway.test"), transport, new NotifyRules(true), clock);
        SpoolReturns returns = new SpoolReturns(spool, contents, ledger, notifier, new NoInbox(), outages, ContinuityMetrics.NONE);
        return new NoticeScheduler(spool, contents, new MemorySpoolLeases(), ledger, schedules, notifier, returns, outages, policy, clock);
    }

    @Test
    void aDelayedNoticeShouldBeSentWhenItsStepComesAndOnlyThen() {
        SpoolEntry entry = spooled();
        NoticeScheduler scheduler = newScheduler();

        clock.set(ARRIVAL.plus(Duration.ofHours(4)).minusSeconds(1));
        scheduler.sendDueNotices();
        assertThat(sent).isEmpty();

        clock.set(ARRIVAL.plus(Duration.ofHours(4)));
        scheduler.sendDueNotices();
        scheduler.sendDueNotices();

        assertThat(sent).hasSize(1);
        SpoolEntry after = spool.get(entry.id()).block();
        assertThat(after.delayedNoticesSent()).isEqualTo(1);
        assertThat(after.nextNoticeAt()).isEqualTo(ARRIVAL.plus(Duration.ofHours(28)));
    }

    @Test
    void aRestartedGatewayShouldNotSendTheSameNoticeAgain() {
        spooled();
        clock.set(ARRIVAL.plus(Duration.ofHours(5)));
        newScheduler().sendDueNotices();

        newScheduler().sendDueNotices();

        assertThat(sent).hasSize(1);
    }

    @Test
    void aNoticeRecordedJustBeforeACrashShouldNotBeSentAfterTheRestart() {
        SpoolEntry entry = spooled();
        ledger.tryRecord(entry.id(), "delayed-1").block(); // the previous run recorded it, then died before updating the entry
        clock.set(ARRIVAL.plus(Duration.ofHours(5)));

        newScheduler().sendDueNotices();

        assertThat(sent).isEmpty();
        assertThat(spool.get(entry.id()).block().delayedNoticesSent()).isEqualTo(1);
    }

    @Test
    void stepsMissedWhileTheGatewayWasStoppedShouldBeCoveredByOneNotice() {
        SpoolEntry entry = spooled();
        clock.set(ARRIVAL.plus(Duration.ofDays(3)));

        newScheduler().sendDueNotices();

        assertThat(sent).hasSize(1);
        assertThat(spool.get(entry.id()).block().delayedNoticesSent()).isEqualTo(3);
    }

    @Test
    void anExpiredEntryShouldBeReturnedOnceAndLeaveTheSpool() {
        SpoolEntry entry = spooled();
        clock.set(ARRIVAL.plus(Duration.ofDays(30)));

        newScheduler().sendDueNotices();
        newScheduler().sendDueNotices();

        assertThat(sent).hasSize(1);
        assertThat(spool.get(entry.id()).blockOptional()).isEmpty();
        assertThat(contents.isEmpty()).isTrue();
    }

    private SpoolEntry spooled() {
        SpoolEntry entry = SpoolEntry.builder()
            .id(SpoolEntryId.random())
            .organisation(OrganisationId.of("acme"))
            .sender(MaybeSender.of(address("alice@sender.test")))
            .recipients(List.of(SpoolRecipient.pending(EnvelopeRecipient.of(address("bob@acme.test")))))
            .arrival(ARRIVAL)
            .expiry(ARRIVAL.plus(Duration.ofDays(30)))
            .nextAttempt(ARRIVAL)
            .build();
        SpoolEntry scheduled = entry.with(builder -> builder.nextNoticeAt(schedules.defaultSchedule().nextCheck(entry)));
        contents.save(scheduled.id(), ContentSource.of("Subject: hello\r\n\r\nbody\r\n".getBytes(StandardCharsets.UTF_8))).block();
        spool.add(scheduled).block();
        return scheduled;
    }

    private static MailAddress address(String value) {
        try {
            return new MailAddress(value);
        } catch (AddressException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static final class NoInbox implements EmergencyInbox {
        @Override
        public Mono<java.util.Optional<String>> addCopy(MailAddress recipient, SpoolEntryId entry, ContentSource content) {
            return Mono.just(java.util.Optional.empty());
        }

        @Override
        public Mono<Void> markDelivered(MailAddress recipient, String copyId) {
            return Mono.empty();
        }

        @Override
        public Mono<Void> markReturned(MailAddress recipient, String copyId) {
            return Mono.empty();
        }

        @Override
        public Mono<Void> remove(MailAddress recipient, String copyId) {
            return Mono.empty();
        }

        @Override
        public Mono<Boolean> exists(MailAddress recipient, String copyId) {
            return Mono.just(false);
        }

        @Override
        public Mono<String> restoreCopy(MailAddress recipient, SpoolEntryId entry, ContentSource content, Instant receivedAt) {
            return Mono.error(new UnsupportedOperationException("no inbox"));
        }

        @Override
        public Mono<Boolean> wasLost(MailAddress recipient, String copyId) {
            return Mono.just(false);
        }
    }
}
