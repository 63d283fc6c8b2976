package io.emergencyinbox.core.engine;

import static io.emergencyinbox.core.engine.EngineHarness.START;
import static io.emergencyinbox.core.engine.EngineHarness.receivedIds;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.emergencyinbox.core.organisation.Organisation;
import io.emergencyinbox.core.spool.SpoolEntry;
import io.emergencyinbox.testing.DownstreamServer;

class SpoolAdministrationTest {
    private static final String BOB = "bob@acme.test";
    private static final String CAROL = "carol@acme.test";

    private EngineHarness engine;
    private DownstreamServer server;
    private Organisation acme;

    @BeforeEach
    void setUp() {
        engine = EngineHarness.withPolicy("scheduler.pageSize", "2");
        server = engine.downstream();
        acme = engine.organisation("acme", server);
    }

    @AfterEach
    void tearDown() {
        engine.close();
    }

    /** Entries deferred by the downstream, due again in 30 minutes. */
    private List<SpoolEntry> deferred(int count) {
        List<SpoolEntry> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            SpoolEntry entry = engine.spooled(acme, START.plusSeconds(i), "deferred-" + i, BOB, CAROL);
            SpoolEntry later = entry.with(builder -> builder.attempts(1).nextAttempt(START.plus(Duration.ofMinutes(30))));
            engine.spool.update(later).block();
            entries.add(later);
        }
        engine.clock.advance(Duration.ofMinutes(1));
        return entries;
    }

    @Test
    void flushShouldMakeEveryEntryDueAndDrainThemWhileTheRouteIsUp() {
        deferred(5);
        SpoolOperationProgress progress = new SpoolOperationProgress();

        Optional<DrainReport> report = engine.administration.flush(acme.id(), progress);

        assertThat(report).hasValueSatisfying(drain -> assertThat(drain.completed()).isEqualTo(5));
        assertThat(receivedIds(server)).containsExactlyInAnyOrder("deferred-0", "deferred-1", "deferred-2", "deferred-3", "deferred-4");
        assertThat(engine.spool.count(acme.id()).block()).isZero();
        assertThat(progress.examinedEntries()).isEqualTo(5);
        assertThat(progress.changedEntries()).isEqualTo(5);
        assertThat(progress.recipients()).isEqualTo(10);
    }

    @Test
    void flushWhileTheRouteIsDownShouldOnlyMakeTheEntriesDue() {
        List<SpoolEntry> entries = deferred(3);
        engine.markDown(acme.id());
        Instant now = engine.clock.instant();

        Optional<DrainReport> report = engine.administration.flush(acme.id(), new SpoolOperationProgress());

        assertThat(report).as("no drain while the route is DOWN").isEmpty();
        assertThat(server.connections()).isZero();
        assertThat(entries).allSatisfy(entry -> assertThat(engine.stored(entry).nextAttempt()).isEqualTo(now));
        assertThat(engine.spool.dueForDelivery(acme.id(), now, 10).collectList().block()).hasSize(3);
    }

    @Test
    void flushShouldLeaveEntriesAlreadyDueAsTheyAre() {
        SpoolEntry due = engine.spooled(acme, START, "already-due", BOB);
        engine.markDown(acme.id());
        SpoolOperationProgress progress = new SpoolOperationProgress();

        engine.administration.flush(acme.id(), progress);

        assertThat(engine.stored(due)).isEqualTo(due);
        assertThat(progress.examinedEntries()).isEqualTo(1);
        assertThat(progress.changedEntries()).isZero();
    }

    @Test
    void purgeShouldReturnEveryEntryToItsSenderWithStatus530() {
        deferred(3);
        engine.markDown(acme.id());
        SpoolOperationProgress progress = new SpoolOperationProgress();

        engine.administration.purge(acme.id(), progress);

        assertThat(engine.spool.count(acme.id()).block()).isZero();
        assertThat(engine.contents.isEmpty()).isTrue();
        assertThat(engine.notices.sent()).hasSize(3).allSatisfy(notice -> {
            assertThat(notice.reportedRecipients()).containsExactly(BOB, CAROL);
            assertThat(notice.field(BOB, "Action")).hasValue("failed");
            assertThat(notice.field(BOB, "Status")).hasValue("5.3.0");
            assertThat(notice.field(CAROL, "Status")).hasValue("5.3.0");
        });
        assertThat(progress.examinedEntries()).isEqualTo(3);
        assertThat(progress.changedEntries()).isEqualTo(3);
        assertThat(progress.recipients()).isEqualTo(6);
        assertThat(server.connections()).isZero();
    }

    @Test
    void purgeShouldLeaveOtherOrganisationsAlone() {
        Organisation initech = engine.organisation("initech", engine.downstream());
        SpoolEntry theirs = engine.spooled(initech, START, "initech-mail", "peter@initech.test");
        deferred(1);

        engine.administration.purge(acme.id(), new SpoolOperationProgress());

        assertThat(engine.stored(theirs)).isNotNull();
        assertThat(engine.notices.sent()).hasSize(1);
    }

    @Test
    void purgingOneEntryShouldReturnItAndNothingElse() {
        List<SpoolEntry> entries = deferred(2);

        boolean purged = engine.administration.purge(acme.id(), entries.get(0).id());

        assertThat(purged).isTrue();
        assertThat(engine.stored(entries.get(0))).isNull();
        assertThat(engine.stored(entries.get(1))).isNotNull();
        assertThat(engine.notices.sent()).singleElement()
            .satisfies(notice -> assertThat(notice.field(BOB, "Status")).hasValue("5.3.0"));
    }

    @Test
    void purgingAnEntryOfAnotherOrganisationShouldReturnFalseAndKeepIt() {
        Organisation initech = engine.organisation("initech", engine.downstream());
        SpoolEntry theirs = engine.spooled(initech, START, "initech-mail", "peter@initech.test");

        boolean purged = engine.administration.purge(acme.id(), theirs.id());

        assertThat(purged).isFalse();
        assertThat(engine.stored(theirs)).isNotNull();
        assertThat(engine.notices.sent()).isEmpty();
    }

    @Test
    void purgingAnUnknownEntryShouldReturnFalse() {
        SpoolEntry gone = engine.spooled(acme, START, "gone", BOB);
        engine.administration.purge(acme.id(), gone.id());

        assertThat(engine.administration.purge(acme.id(), gone.id())).isFalse();
        assertThat(engine.notices.sent()).hasSize(1);
    }

    @Test
    void anEntryBeingDeliveredShouldNotBePurged() {
        SpoolEntry busy = engine.spooled(acme, START, "being-delivered", BOB);
        Instant now = engine.clock.instant();
        engine.leases.tryAcquire(busy.id(), "drain-worker", now, now.plus(Duration.ofMinutes(10))).block();
        SpoolOperationProgress progress = new SpoolOperationProgress();

        engine.administration.purge(acme.id(), progress);

        assertThat(engine.stored(busy)).isNotNull();
        assertThat(engine.notices.sent()).isEmpty();
        assertThat(progress.examinedEntries()).isEqualTo(1);
        assertThat(progress.changedEntries()).isZero();
        assertThat(engine.administration.purge(acme.id(), busy.id())).isFalse();
    }
}
