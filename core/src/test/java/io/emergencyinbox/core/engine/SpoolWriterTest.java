package io.emergencyinbox.core.engine;

import static io.emergencyinbox.core.engine.EngineHarness.START;
import static io.emergencyinbox.core.engine.EngineHarness.address;
import static io.emergencyinbox.core.engine.EngineHarness.envelope;
import static io.emergencyinbox.core.engine.EngineHarness.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.james.core.MailAddress;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.emergencyinbox.core.health.DownstreamState;
import io.emergencyinbox.core.organisation.Organisation;
import io.emergencyinbox.core.organisation.OrganisationId;
import io.emergencyinbox.core.outage.OutageCounter;
import io.emergencyinbox.core.policy.PolicyOverrides;
import io.emergencyinbox.core.spool.SpoolCursor;
import io.emergencyinbox.core.spool.SpoolContentNotFoundException;
import io.emergencyinbox.core.spool.SpoolEntry;
import io.emergencyinbox.core.spool.SpoolEntryId;
import io.emergencyinbox.core.spool.SpoolRecipient;
import io.emergencyinbox.core.spool.RecipientSpoolSummary;
import io.emergencyinbox.core.spool.SpoolStore;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class SpoolWriterTest {
    private static final String BOB = "bob@acme.test";
    private static final String CAROL = "carol@acme.test";
    private static final String DAVE = "dave@acme.test";

    private EngineHarness engine;
    private Organisation acme;

    @BeforeEach
    void setUp() {
        engine = EngineHarness.withPolicy();
        acme = engine.organisation("acme", engine.downstream());
        engine.inbox.withAccounts(address(BOB), address(CAROL));
    }

    @AfterEach
    void tearDown() {
        engine.close();
    }

    private SpoolEntry newEntry(String id, String... recipients) {
        return engine.spoolWriter.newEntry(acme.id(), envelope(recipients), START, message(id).size(), Optional.of(id))
            .map(SpoolEntry.Builder::build)
            .block();
    }

    @Test
    void aSpoolWriteThatFailsShouldLeaveNoContentBehind() {
        SpoolStore failing = new DelegatingSpoolStore(engine.spool) {
            @Override
            public Mono<Void> add(SpoolEntry entry) {
                return Mono.error(new IllegalStateException("The spool store is unavailable (test)"));
            }
        };
        SpoolWriter writer = new SpoolWriter(failing, engine.contents, engine.inbox, engine.outages, engine.schedules, engine.metrics);
        SpoolEntry entry = newEntry("not-spooled", BOB);

        assertThatThrownBy(() -> writer.spool(entry, message("not-spooled")).block())
            .hasMessageContaining("The spool store is unavailable (test)");

        assertThatThrownBy(() -> engine.contents.read(entry.id()).block()).isInstanceOf(SpoolContentNotFoundException.class);
        assertThat(engine.inbox.copies()).isEmpty();
    }

    @Test
    void theContentShouldBeStoredBeforeTheEntryThatRefersToIt() {
        List<Boolean> contentPresentAtAdd = new ArrayList<>();
        SpoolStore observing = new DelegatingSpoolStore(engine.spool) {
            @Override
            public Mono<Void> add(SpoolEntry entry) {
                return engine.contents.read(entry.id()).map(content -> true).onErrorReturn(false)
                    .doOnNext(contentPresentAtAdd::add)
                    .then(super.add(entry));
            }
        };
        SpoolWriter writer = new SpoolWriter(observing, engine.contents, engine.inbox, engine.outages, engine.schedules, engine.metrics);

        writer.spool(newEntry("ordered", BOB), message("ordered")).block();

        assertThat(contentPresentAtAdd).containsExactly(true);
    }

    @Test
    void aSpoolStoreThatCannotAddTheEntryShouldLeaveNoInboxCopyAndCountNothing() {
        SpoolStore failing = new DelegatingSpoolStore(engine.spool) {
            @Override
            public Mono<Void> add(SpoolEntry entry) {
                return Mono.error(new IllegalStateException("spool store unavailable"));
            }
        };
        DownstreamState down = engine.markDown(acme.id());
        SpoolWriter writer = new SpoolWriter(failing, engine.contents, engine.inbox, engine.outages, engine.schedules, engine.metrics);
        SpoolEntry entry = newEntry("not-committed", BOB).with(builder -> builder.outage(down.outage()));

        assertThatThrownBy(() -> writer.spool(entry, message("not-committed")).block())
            .hasMessageContaining("spool store unavailable");

        assertThat(engine.inbox.copyAttempts()).isZero();
        assertThat(engine.inbox.copies()).isEmpty();
        assertThat(engine.metrics.spooled()).isZero();
        assertThat(engine.counter(engine.outage(down), OutageCounter.SPOOLED)).isZero();
    }

    @Test
    void anInboxThatCannotTakeTheCopyShouldStillLeaveTheEntryCommitted() {
        engine.inbox.failCopies(true);
        SpoolEntry entry = newEntry("committed", BOB, CAROL);

        SpoolEntry spooled = engine.spoolWriter.spool(entry, message("committed")).block();

        assertThat(engine.stored(entry)).isNotNull();
        assertThat(engine.stored(entry).recipients()).allSatisfy(recipient -> assertThat(recipient.inboxCopy()).isEmpty());
        assertThat(spooled.pendingRecipients()).hasSize(2);
        assertThat(engine.contents.read(entry.id()).block().size()).isEqualTo(message("committed").size());
        assertThat(engine.inbox.copyAttempts()).isEqualTo(2);
        assertThat(engine.metrics.spooled()).isEqualTo(2);
    }

    @Test
    void eachRecipientWithAnAccountShouldGetOneCopyRecordedOnTheEntry() {
        SpoolEntry spooled = engine.spoolWriter.spool(newEntry("copies", BOB, CAROL, DAVE), message("copies")).block();

        assertThat(engine.inbox.copiesOf(address(BOB))).hasSize(1);
        assertThat(engine.inbox.copiesOf(address(CAROL))).hasSize(1);
        assertThat(engine.inbox.copiesOf(address(DAVE))).as("no account, no copy").isEmpty();
        SpoolEntry stored = engine.stored(spooled);
        assertThat(stored).isEqualTo(spooled);
        assertThat(stored.recipient(address(BOB)).flatMap(SpoolRecipient::inboxCopy))
            .hasValue(engine.inbox.copiesOf(address(BOB)).get(0).id());
        assertThat(stored.recipient(address(CAROL)).flatMap(SpoolRecipient::inboxCopy))
            .hasValue(engine.inbox.copiesOf(address(CAROL)).get(0).id());
        assertThat(stored.recipient(address(DAVE)).flatMap(SpoolRecipient::inboxCopy)).isEmpty();
        assertThat(engine.inbox.copiesOf(address(BOB)).get(0).entry()).isEqualTo(spooled.id());
        assertThat(engine.inbox.copiesOf(address(BOB)).get(0).content()).contains("Subject: copies");
    }

    @Test
    void aRecipientWhoseCopyFailsShouldNotPreventTheCopiesOfOthers() {
        engine.inbox.failCopiesFor(address(BOB));

        SpoolEntry spooled = engine.spoolWriter.spool(newEntry("partly", BOB, CAROL), message("partly")).block();

        assertThat(engine.stored(spooled).recipient(address(BOB)).flatMap(SpoolRecipient::inboxCopy)).isEmpty();
        assertThat(engine.stored(spooled).recipient(address(CAROL)).flatMap(SpoolRecipient::inboxCopy)).isPresent();
    }

    @Test
    void aNewEntryShouldBeDueAtArrivalAndFollowTheOrganisationsPolicy() {
        engine.organisationPolicies.set(acme.id(),
            new PolicyOverrides(Optional.of(Duration.ofDays(5)), Optional.of(Duration.ofHours(1)), Optional.empty())).block();
        Instant arrival = START.minusSeconds(42);

        SpoolEntry entry = engine.spoolWriter.newEntry(acme.id(), envelope(BOB), arrival, 1234, Optional.of("x".repeat(300)))
            .map(SpoolEntry.Builder::build).block();

        assertThat(entry.arrival()).isEqualTo(arrival);
        assertThat(entry.nextAttempt()).isEqualTo(arrival);
        assertThat(entry.expiry()).isEqualTo(arrival.plus(Duration.ofDays(5)));
        assertThat(entry.nextNoticeAt()).isEqualTo(arrival.plus(Duration.ofHours(1)));
        assertThat(entry.attempts()).isZero();
        assertThat(entry.size()).isEqualTo(1234);
        assertThat(entry.subject()).hasValueSatisfying(subject -> assertThat(subject).hasSize(200));
        assertThat(entry.pendingRecipients()).extracting(SpoolRecipient::address).containsExactly(address(BOB));
    }

    @Test
    void spooledRecipientsShouldBeCountedInTheOutageTheEntryBelongsTo() {
        DownstreamState down = engine.markDown(acme.id());

        engine.spooled(acme, START, "counted", BOB, CAROL, DAVE);

        assertThat(engine.counter(engine.outage(down), OutageCounter.SPOOLED)).isEqualTo(3);
        assertThat(engine.metrics.spooled()).isEqualTo(3);
    }

    /** A spool store that tests override one method of. */
    static class DelegatingSpoolStore implements SpoolStore {
        private final SpoolStore delegate;

        DelegatingSpoolStore(SpoolStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public Mono<Void> add(SpoolEntry entry) {
            return delegate.add(entry);
        }

        @Override
        public Mono<SpoolEntry> get(SpoolEntryId id) {
            return delegate.get(id);
        }

        @Override
        public Mono<Void> update(SpoolEntry entry) {
            return delegate.update(entry);
        }

        @Override
        public Mono<Void> remove(SpoolEntryId id) {
            return delegate.remove(id);
        }

        @Override
        public Flux<SpoolEntry> dueForDelivery(OrganisationId organisation, Instant now, int limit) {
            return delegate.dueForDelivery(organisation, now, limit);
        }

        @Override
        public Flux<SpoolEntry> dueForNotice(Instant now, int limit) {
            return delegate.dueForNotice(now, limit);
        }

        @Override
        public Flux<SpoolEntry> browse(OrganisationId organisation, Optional<SpoolCursor> after, int limit) {
            return delegate.browse(organisation, after, limit);
        }

        @Override
        public Mono<Long> count(OrganisationId organisation) {
            return delegate.count(organisation);
        }

        @Override
        public Mono<Long> countAll() {
            return delegate.countAll();
        }

        @Override
        public Mono<Instant> oldestArrival() {
            return delegate.oldestArrival();
        }

        @Override
        public Mono<RecipientSpoolSummary> summaryFor(MailAddress recipient) {
            return delegate.summaryFor(recipient);
        }
    }
}
