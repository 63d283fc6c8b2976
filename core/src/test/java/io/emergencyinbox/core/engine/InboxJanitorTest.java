package io.emergencyinbox.core.engine;

import static io.emergencyinbox.core.engine.EngineHarness.START;
import static io.emergencyinbox.core.engine.EngineHarness.address;
import static io.emergencyinbox.core.engine.EngineHarness.message;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.emergencyinbox.core.inbox.InboxCopy;
import io.emergencyinbox.core.spool.SpoolEntryId;

class InboxJanitorTest {
    private static final MailAddress BOB = address("bob@acme.test");

    private EngineHarness engine;

    @BeforeEach
    void setUp() {
        engine = EngineHarness.withPolicy("scheduler.pageSize", "3");
        engine.inbox.withAccounts(BOB);
    }

    @AfterEach
    void tearDown() {
        engine.close();
    }

    /** A delivered copy in Bob's Emergency Inbox, to be removed at that time. */
    private InboxCopy deliveredCopy(Instant removeAfter) {
        String id = engine.inbox.addCopy(BOB, SpoolEntryId.random(), message("m")).block().orElseThrow();
        InboxCopy copy = new InboxCopy(BOB, id, removeAfter);
        engine.retention.schedule(copy).block();
        return copy;
    }

    private boolean exists(InboxCopy copy) {
        return engine.inbox.exists(copy.recipient(), copy.copyId()).block();
    }

    @Test
    void onlyCopiesWhoseRetentionHasPassedShouldBeRemoved() {
        InboxCopy early = deliveredCopy(START.plus(Duration.ofDays(1)));
        InboxCopy late = deliveredCopy(START.plus(Duration.ofDays(3)));
        engine.clock.set(START.plus(Duration.ofDays(2)));

        long removed = engine.janitor.removeDueCopies();

        assertThat(removed).isEqualTo(1);
        assertThat(exists(early)).isFalse();
        assertThat(exists(late)).isTrue();
        assertThat(engine.retention.due(Instant.MAX, 10).collectList().block()).containsExactly(late);
    }

    @Test
    void aCopyShouldBeRemovedAtTheEndOfItsRetentionNotBefore() {
        InboxCopy copy = deliveredCopy(START.plus(Duration.ofDays(7)));

        engine.clock.set(copy.removeAfter().minusMillis(1));
        assertThat(engine.janitor.removeDueCopies()).isZero();
        engine.clock.set(copy.removeAfter());
        assertThat(engine.janitor.removeDueCopies()).isEqualTo(1);

        assertThat(exists(copy)).isFalse();
    }

    @Test
    void aCopyThatCannotBeRemovedShouldStayScheduledForTheNextRun() {
        InboxCopy copy = deliveredCopy(START);
        engine.inbox.failRemovals(true);

        assertThat(engine.janitor.removeDueCopies()).isZero();
        assertThat(engine.retention.due(START, 10).collectList().block()).containsExactly(copy);

        engine.inbox.failRemovals(false);
        assertThat(engine.janitor.removeDueCopies()).isEqualTo(1);
        assertThat(exists(copy)).isFalse();
        assertThat(engine.retention.due(START, 10).collectList().block()).isEmpty();
    }

    @Test
    void aCopyTheUserAlreadyDeletedShouldJustLeaveTheLedger() {
        InboxCopy copy = deliveredCopy(START);
        engine.inbox.remove(BOB, copy.copyId()).block();

        assertThat(engine.janitor.removeDueCopies()).isEqualTo(1);
        assertThat(engine.retention.due(START, 10).collectList().block()).isEmpty();
    }

    @Test
    void eachRunShouldRemoveAtMostOnePage() {
        for (int i = 0; i < 5; i++) {
            deliveredCopy(START);
        }

        assertThat(engine.janitor.removeDueCopies()).isEqualTo(3);
        assertThat(engine.janitor.removeDueCopies()).isEqualTo(2);
        assertThat(engine.inbox.copies()).isEmpty();
    }
}
