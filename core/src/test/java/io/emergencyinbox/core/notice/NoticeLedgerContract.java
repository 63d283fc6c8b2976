package io.emergencyinbox.core.notice;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.emergencyinbox.core.spool.SpoolEntryId;

/** What every {@link NoticeLedger} must do. Implementations give a fresh, empty ledger per test. */
public interface NoticeLedgerContract {
    String FIRST_DELAYED = "delayed-1";
    String SECOND_DELAYED = "delayed-2";
    String FAILED = "failed";

    NoticeLedger testee();

    @Test
    default void tryRecordShouldSucceedTheFirstTimeOnly() {
        SpoolEntryId entry = SpoolEntryId.random();

        assertThat(testee().tryRecord(entry, FIRST_DELAYED).block()).isTrue();
        assertThat(testee().tryRecord(entry, FIRST_DELAYED).block()).isFalse();
        assertThat(testee().tryRecord(entry, FIRST_DELAYED).block()).isFalse();
    }

    @Test
    default void noticesOfOneEntryShouldBeRecordedSeparately() {
        SpoolEntryId entry = SpoolEntryId.random();
        testee().tryRecord(entry, FIRST_DELAYED).block();

        assertThat(testee().tryRecord(entry, SECOND_DELAYED).block()).isTrue();
        assertThat(testee().tryRecord(entry, FAILED).block()).isTrue();
    }

    @Test
    default void theSameNoticeOfAnotherEntryShouldBeRecordedSeparately() {
        testee().tryRecord(SpoolEntryId.random(), FIRST_DELAYED).block();

        assertThat(testee().tryRecord(SpoolEntryId.random(), FIRST_DELAYED).block()).isTrue();
    }

    @Test
    default void isRecordedShouldTellWhetherTheNoticeWasRecorded() {
        SpoolEntryId entry = SpoolEntryId.random();
        assertThat(testee().isRecorded(entry, FIRST_DELAYED).block()).isFalse();

        testee().tryRecord(entry, FIRST_DELAYED).block();

        assertThat(testee().isRecorded(entry, FIRST_DELAYED).block()).isTrue();
        assertThat(testee().isRecorded(entry, SECOND_DELAYED).block()).isFalse();
        assertThat(testee().isRecorded(SpoolEntryId.random(), FIRST_DELAYED).block()).isFalse();
    }

    @Test
    default void forgetShouldForgetEveryNoticeOfTheEntry() {
        SpoolEntryId entry = SpoolEntryId.random();
        testee().tryRecord(entry, FIRST_DELAYED).block();
        testee().tryRecord(entry, FAILED).block();

        testee().forget(entry).block();

        assertThat(testee().isRecorded(entry, FIRST_DELAYED).block()).isFalse();
        assertThat(testee().isRecorded(entry, FAILED).block()).isFalse();
        assertThat(testee().tryRecord(entry, FIRST_DELAYED).block()).isTrue();
    }

    @Test
    default void forgetShouldNotAffectOtherEntries() {
        SpoolEntryId forgotten = SpoolEntryId.random();
        SpoolEntryId kept = SpoolEntryId.random();
        testee().tryRecord(forgotten, FIRST_DELAYED).block();
        testee().tryRecord(kept, FIRST_DELAYED).block();

        testee().forget(forgotten).block();

        assertThat(testee().isRecorded(kept, FIRST_DELAYED).block()).isTrue();
    }

    @Test
    default void forgetShouldBeIdempotent() {
        SpoolEntryId entry = SpoolEntryId.random();
        testee().tryRecord(entry, FIRST_DELAYED).block();

        testee().forget(entry).block();
        testee().forget(entry).block();
        testee().forget(SpoolEntryId.random()).block();

        assertThat(testee().isRecorded(entry, FIRST_DELAYED).block()).isFalse();
    }
}
