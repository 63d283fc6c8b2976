package io.emergencyinbox.core.engine;

import static io.emergencyinbox.core.engine.EngineHarness.START;
import static io.emergencyinbox.core.engine.EngineHarness.address;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.emergencyinbox.core.organisation.Organisation;
import io.emergencyinbox.core.spool.RecipientStatus;
import io.emergencyinbox.core.spool.SpoolEntry;
import io.emergencyinbox.core.spool.SpoolEntryId;
import io.emergencyinbox.core.spool.SpoolRecipient;

class InboxRestorerTest {
    private static final MailAddress BOB = address("bob@acme.test");
    private static final MailAddress CAROL = address("carol@acme.test");
    private static final MailAddress NO_ACCOUNT = address("nobody@acme.test");

    private EngineHarness engine;
    private Organisation acme;

    @BeforeEach
    void setUp() {
        engine = EngineHarness.withPolicy("scheduler.pageSize", "3");
        engine.inbox.withAccounts(BOB, CAROL);
        acme = engine.organisation("acme", engine.downstream());
        engine.markDown(acme.id());
    }

    @AfterEach
    void tearDown() {
        engine.close();
    }

    private List<SpoolEntry> spoolMessages(int count, String... recipients) {
        return IntStream.range(0, count)
            .mapToObj(i -> engine.spooled(acme, START.plusSeconds(i), "m" + i, recipients))
            .collect(Collectors.toList());
    }

    @Test
    void copiesLostByTheMailboxStoreShouldBeMadeAgainOnceEachWithTheirContent() {
        List<SpoolEntry> entries = spoolMessages(7, BOB.asString(), CAROL.asString());
        engine.inbox.loseEverything();

        InboxRestorer.Report report = engine.restorer.restoreLostCopies();

        assertThat(report.entriesRead()).isEqualTo(7);
        assertThat(report.copiesRestored()).isEqualTo(14);
        assertThat(engine.inbox.copiesOf(BOB)).hasSize(7);
        assertThat(engine.inbox.copiesOf(CAROL)).hasSize(7);
        assertThat(engine.inbox.copiesOf(BOB).stream().map(RecordingEmergencyInbox.Copy::entry).collect(Collectors.toSet()))
            .containsExactlyInAnyOrderElementsOf(entries.stream().map(SpoolEntry::id).collect(Collectors.toList()));
        assertThat(engine.inbox.copies()).allSatisfy(copy -> assertThat(copy.content())
            .contains("Subject: " + engine.stored(entryOf(entries, copy.entry())).subject().orElseThrow()));
    }

    @Test
    void aRestoredCopyShouldBeReceivedAtItsMessagesArrivalNotAtTheRestart() {
        List<SpoolEntry> entries = spoolMessages(5, BOB.asString());
        engine.inbox.loseEverything();
        engine.clock.advance(Duration.ofHours(3)); // the gateway comes back later

        engine.restorer.restoreLostCopies();

        assertThat(engine.inbox.copiesOf(BOB)).hasSize(5).allSatisfy(copy -> assertThat(copy.restoredAsReceivedAt())
            .hasValue(entryOf(entries, copy.entry()).arrival()));
    }

    @Test
    void aSpoolOfManyPagesShouldBeRestoredWholeWhileEntriesAreRestoredSeveralAtATime() {
        List<SpoolEntry> entries = spoolMessages(InboxRestorer.CONCURRENCY * 5 + 1, BOB.asString(), CAROL.asString());
        engine.inbox.loseEverything();

        InboxRestorer.Report report = engine.restorer.restoreLostCopies();

        assertThat(report.entriesRead()).isEqualTo(entries.size());
        assertThat(report.copiesRestored()).isEqualTo(2L * entries.size());
        assertThat(engine.inbox.copiesOf(BOB).stream().map(RecordingEmergencyInbox.Copy::entry))
            .doesNotHaveDuplicates().hasSize(entries.size());
        assertThat(engine.restorer.restoreLostCopies().copiesRestored()).isZero();
    }

    @Test
    void theSpoolShouldRecordTheNewCopiesSoThatASecondPassRestoresNothing() {
        spoolMessages(4, BOB.asString());
        engine.inbox.loseEverything();
        engine.restorer.restoreLostCopies();

        InboxRestorer.Report second = engine.restorer.restoreLostCopies();

        assertThat(second.copiesRestored()).isZero();
        assertThat(engine.inbox.copiesOf(BOB)).hasSize(4);
        assertThat(engine.spool.browse(acme.id(), Optional.empty(), 10).collectList().block())
            .allSatisfy(entry -> assertThat(engine.inbox.copy(entry.recipient(BOB).orElseThrow().inboxCopy().orElseThrow()))
                .isPresent());
    }

    @Test
    void copiesThatWereNotLostShouldBeLeftAsTheyAreEvenWhenTheUserDeletedThem() {
        List<SpoolEntry> entries = spoolMessages(2, BOB.asString());
        String deleted = entries.get(0).recipient(BOB).orElseThrow().inboxCopy().orElseThrow();
        engine.inbox.remove(BOB, deleted).block();

        InboxRestorer.Report report = engine.restorer.restoreLostCopies();

        assertThat(report.copiesRestored()).isZero();
        assertThat(engine.inbox.copiesOf(BOB)).hasSize(1);
    }

    @Test
    void onlyRecipientsStillPendingWithARecordedCopyShouldGetOneBack() {
        SpoolEntry entry = spoolMessages(1, BOB.asString(), CAROL.asString(), NO_ACCOUNT.asString()).get(0);
        SpoolEntry stored = engine.stored(entry);
        engine.spool.update(stored.withRecipient(stored.recipient(CAROL).orElseThrow().withStatus(RecipientStatus.DELIVERED))).block();
        engine.inbox.loseEverything();

        engine.restorer.restoreLostCopies();

        assertThat(engine.inbox.copies()).extracting(RecordingEmergencyInbox.Copy::recipient).containsExactly(BOB);
        SpoolEntry after = engine.stored(entry);
        assertThat(after.recipient(NO_ACCOUNT).flatMap(SpoolRecipient::inboxCopy)).isEmpty();
        assertThat(after.recipient(CAROL).orElseThrow().status()).isEqualTo(RecipientStatus.DELIVERED);
    }

    @Test
    void anEntryLeasedByAnotherWorkerShouldBeLeftToItAndRestoredOnRetryOnceTheLeaseExpires() {
        SpoolEntry entry = spoolMessages(1, BOB.asString()).get(0);
        engine.inbox.loseEverything();
        engine.leases.tryAcquire(entry.id(), "crashed-node", START, START.plus(Duration.ofMinutes(10))).block();

        InboxRestorer.Report first = engine.restorer.restoreLostCopies();

        assertThat(first.leasedElsewhere()).containsExactly(entry.id());
        assertThat(engine.inbox.copiesOf(BOB)).isEmpty();

        engine.clock.set(START.plus(Duration.ofMinutes(11)));
        InboxRestorer.Report retry = engine.restorer.retry(first.leasedElsewhere());

        assertThat(retry.leasedElsewhere()).isEmpty();
        assertThat(retry.copiesRestored()).isEqualTo(1);
        assertThat(engine.inbox.copiesOf(BOB)).hasSize(1);
    }

    private static SpoolEntry entryOf(List<SpoolEntry> entries, SpoolEntryId id) {
        return entries.stream().filter(entry -> entry.id().equals(id)).findFirst().orElseThrow();
    }
}
