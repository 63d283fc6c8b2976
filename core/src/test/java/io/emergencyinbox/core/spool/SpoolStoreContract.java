package io.emergencyinbox.core.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.junit.jupiter.api.Test;

import io.emergencyinbox.core.message.EnvelopeRecipient;
import io.emergencyinbox.core.message.Notify;
import io.emergencyinbox.core.message.Ret;
import io.emergencyinbox.core.organisation.OrganisationId;
import io.emergencyinbox.core.outage.OutageId;
import io.emergencyinbox.core.smtp.SmtpReply;

/**
 * What every {@link SpoolStore} must do. Implementations give a fresh, empty store per test. Times
 * are whole milliseconds, the precision of the Cassandra timestamps.
 */
public interface SpoolStoreContract {
    OrganisationId ACME = OrganisationId.of("acme");
    OrganisationId GLOBEX = OrganisationId.of("globex");
    Instant T0 = Instant.parse("2024-03-01T10:00:00.123Z");
    Duration MAX_AGE = Duration.ofDays(30);

    SpoolStore testee();

    static MailAddress address(String value) {
        try {
            return new MailAddress(value);
        } catch (AddressException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** An entry arrived at {@code arrival}, due for an attempt then, looked at for notices at expiry. */
    static SpoolEntry entry(OrganisationId organisation, Instant arrival) {
        return SpoolEntry.builder()
            .id(SpoolEntryId.random())
            .organisation(organisation)
            .sender(MaybeSender.of(address("alice@sender.example")))
            .recipients(List.of(SpoolRecipient.pending(EnvelopeRecipient.of(address("bob@" + organisation.asString() + ".com")))))
            .arrival(arrival)
            .expiry(arrival.plus(MAX_AGE))
            .nextAttempt(arrival)
            .build();
    }

    static SpoolEntry entry(OrganisationId organisation, Instant arrival, Instant nextAttempt) {
        return entry(organisation, arrival).with(builder -> builder.nextAttempt(nextAttempt));
    }

    static SpoolEntry noticeEntry(OrganisationId organisation, Instant arrival, Instant nextNoticeAt) {
        return entry(organisation, arrival).with(builder -> builder.nextNoticeAt(nextNoticeAt));
    }

    private static SpoolEntryId idNumber(int number) {
        return SpoolEntryId.of(new UUID(0x1000L, number));
    }

    private static List<SpoolEntryId> ids(List<SpoolEntry> entries) {
        return entries.stream().map(SpoolEntry::id).collect(Collectors.toList());
    }

    private void addAll(SpoolEntry... entries) {
        for (SpoolEntry entry : entries) {
            testee().add(entry).block();
        }
    }

    // --- per-recipient summary

    @Test
    default void aRecipientWithNothingSpooledShouldHaveAnEmptySummary() {
        assertThat(testee().summaryFor(address("nobody@acme.com")).block()).isEqualTo(RecipientSpoolSummary.EMPTY);
    }

    @Test
    default void theSummaryShouldCountPendingEntriesAndGiveTheOldest() {
        SpoolEntry older = entry(ACME, T0);
        SpoolEntry newer = entry(ACME, T0.plusSeconds(60));
        addAll(newer, older, entry(GLOBEX, T0.minusSeconds(60)));

        assertThat(testee().summaryFor(address("bob@acme.com")).block())
            .isEqualTo(new RecipientSpoolSummary(2, Optional.of(T0), Optional.of(T0.plus(MAX_AGE))));
    }

    @Test
    default void theSummaryShouldLeaveOutRecipientsNoLongerPendingAndRemovedEntries() {
        MailAddress bob = address("bob@acme.com");
        MailAddress carol = address("carol@acme.com");
        SpoolEntry both = entry(ACME, T0).with(builder -> builder.recipients(List.of(
            SpoolRecipient.pending(EnvelopeRecipient.of(bob)), SpoolRecipient.pending(EnvelopeRecipient.of(carol)))));
        SpoolEntry later = entry(ACME, T0.plusSeconds(60));
        addAll(both, later);

        testee().update(both.withRecipient(both.recipient(bob).orElseThrow().withStatus(RecipientStatus.DELIVERED))).block();
        testee().remove(later.id()).block();

        assertThat(testee().summaryFor(bob).block()).isEqualTo(RecipientSpoolSummary.EMPTY);
        assertThat(testee().summaryFor(carol).block().pending()).isEqualTo(1);
    }

    // --- add, get, update, remove

    @Test
    default void addedEntryShouldBeReadBackWithEveryField() {
        Instant arrival = T0;
        SpoolEntry entry = SpoolEntry.builder()
            .id(SpoolEntryId.random())
            .organisation(ACME)
            .sender(MaybeSender.of(address("alice@sender.example")))
            .ret(Optional.of(Ret.HDRS))
            .envelopeId(Optional.of("QQ314159"))
            .recipients(List.of(
                new SpoolRecipient(new EnvelopeRecipient(address("bob@acme.com"), Optional.of(Set.of(Notify.DELAY, Notify.FAILURE)),
                    Optional.of("rfc822;bob@acme.com")), RecipientStatus.PENDING,
                    Optional.of(AttemptFailure.ofReply(arrival.plusSeconds(60), "mx1.acme.com:25", new SmtpReply(451, List.of("4.2.1 Mailbox busy")))),
                    Optional.of("copy-1")),
                new SpoolRecipient(EnvelopeRecipient.of(address("carol@acme.com")), RecipientStatus.DELIVERED,
                    Optional.empty(), Optional.empty())))
            .arrival(arrival)
            .expiry(arrival.plus(MAX_AGE))
            .attempts(3)
            .nextAttempt(arrival.plus(Duration.ofMinutes(30)))
            .lastFailure(Optional.of(AttemptFailure.ofConnection(arrival.plusSeconds(120), "connect to mx1.acme.com:25: Connection refused")))
            .outage(Optional.of(OutageId.random()))
            .size(12345)
            .subject(Optional.of("Quarterly report"))
            .delayedNoticesSent(1)
            .nextNoticeAt(arrival.plus(Duration.ofHours(28)))
            .build();

        testee().add(entry).block();

        assertThat(testee().get(entry.id()).blockOptional()).contains(entry);
    }

    @Test
    default void getShouldBeEmptyForAnUnknownEntry() {
        assertThat(testee().get(SpoolEntryId.random()).blockOptional()).isEmpty();
    }

    @Test
    default void updateShouldReplaceTheEntry() {
        SpoolEntry entry = entry(ACME, T0);
        testee().add(entry).block();
        SpoolEntry updated = entry.with(builder -> builder.attempts(1).nextAttempt(T0.plus(Duration.ofMinutes(30)))
            .lastFailure(Optional.of(AttemptFailure.ofConnection(T0, "timeout"))));

        testee().update(updated).block();

        assertThat(testee().get(entry.id()).blockOptional()).contains(updated);
    }

    @Test
    default void updateShouldFailForARemovedEntry() {
        SpoolEntry entry = entry(ACME, T0);
        testee().add(entry).block();
        testee().remove(entry.id()).block();

        assertThatThrownBy(() -> testee().update(entry.with(builder -> builder.attempts(1))).block())
            .isInstanceOf(SpoolEntryNotFoundException.class);
    }

    @Test
    default void updateOfARemovedEntryShouldNotBringItBack() {
        SpoolEntry entry = entry(ACME, T0);
        testee().add(entry).block();
        testee().remove(entry.id()).block();

        assertThatThrownBy(() -> testee().update(entry).block()).isInstanceOf(SpoolEntryNotFoundException.class);

        assertThat(testee().get(entry.id()).blockOptional()).isEmpty();
        assertThat(testee().countAll().block()).isZero();
        assertThat(testee().dueForDelivery(ACME, T0, 10).collectList().block()).isEmpty();
        assertThat(testee().browse(ACME, Optional.empty(), 10).collectList().block()).isEmpty();
    }

    @Test
    default void updateShouldFailForAnEntryNeverAdded() {
        assertThatThrownBy(() -> testee().update(entry(ACME, T0)).block())
            .isInstanceOf(SpoolEntryNotFoundException.class);
    }

    @Test
    default void removeShouldDeleteTheEntry() {
        SpoolEntry entry = entry(ACME, T0);
        testee().add(entry).block();

        testee().remove(entry.id()).block();

        assertThat(testee().get(entry.id()).blockOptional()).isEmpty();
    }

    @Test
    default void removeShouldBeIdempotent() {
        SpoolEntry entry = entry(ACME, T0);
        testee().add(entry).block();

        testee().remove(entry.id()).block();
        testee().remove(entry.id()).block();
        testee().remove(SpoolEntryId.random()).block();

        assertThat(testee().get(entry.id()).blockOptional()).isEmpty();
    }

    @Test
    default void removeShouldNotAffectOtherEntries() {
        SpoolEntry first = entry(ACME, T0);
        SpoolEntry second = entry(ACME, T0.plusSeconds(1));
        addAll(first, second);

        testee().remove(first.id()).block();

        assertThat(testee().get(second.id()).blockOptional()).contains(second);
        assertThat(ids(testee().dueForDelivery(ACME, T0.plusSeconds(1), 10).collectList().block())).containsExactly(second.id());
    }

    @Test
    default void removedEntryShouldLeaveEveryIndex() {
        SpoolEntry entry = noticeEntry(ACME, T0, T0.plusSeconds(5));
        testee().add(entry).block();

        testee().remove(entry.id()).block();

        Instant later = T0.plus(Duration.ofDays(365));
        assertThat(testee().dueForDelivery(ACME, later, 10).collectList().block()).isEmpty();
        assertThat(testee().dueForNotice(later, 10).collectList().block()).isEmpty();
        assertThat(testee().browse(ACME, Optional.empty(), 10).collectList().block()).isEmpty();
        assertThat(testee().count(ACME).block()).isZero();
        assertThat(testee().countAll().block()).isZero();
        assertThat(testee().oldestArrival().blockOptional()).isEmpty();
    }

    // --- dueForDelivery

    @Test
    default void dueForDeliveryShouldReturnOnlyEntriesWhoseNextAttemptHasCome() {
        SpoolEntry past = entry(ACME, T0, T0.minusSeconds(10));
        SpoolEntry exactlyNow = entry(ACME, T0, T0);
        SpoolEntry future = entry(ACME, T0, T0.plusMillis(1));
        addAll(past, exactlyNow, future);

        assertThat(ids(testee().dueForDelivery(ACME, T0, 10).collectList().block()))
            .containsExactlyInAnyOrder(past.id(), exactlyNow.id());
    }

    @Test
    default void dueForDeliveryShouldReturnOnlyEntriesOfThatOrganisation() {
        SpoolEntry acme = entry(ACME, T0);
        SpoolEntry globex = entry(GLOBEX, T0);
        addAll(acme, globex);

        assertThat(ids(testee().dueForDelivery(ACME, T0, 10).collectList().block())).containsExactly(acme.id());
        assertThat(ids(testee().dueForDelivery(GLOBEX, T0, 10).collectList().block())).containsExactly(globex.id());
        assertThat(testee().dueForDelivery(OrganisationId.of("initech"), T0, 10).collectList().block()).isEmpty();
    }

    @Test
    default void spooledEntriesShouldBeReadInNextAttemptOrder() {
        SpoolEntry third = entry(ACME, T0, T0.plusSeconds(30));
        SpoolEntry first = entry(ACME, T0.plusSeconds(5), T0.plusSeconds(10));
        SpoolEntry second = entry(ACME, T0.plusSeconds(1), T0.plusSeconds(20));
        addAll(third, first, second);

        assertThat(ids(testee().dueForDelivery(ACME, T0.plusSeconds(60), 10).collectList().block()))
            .containsExactly(first.id(), second.id(), third.id());
    }

    @Test
    default void entriesDueAtTheSameTimeShouldBeReadInArrivalOrder() {
        // Ids in the reverse of the arrival order, so that an order by id cannot pass for an order by arrival.
        Instant due = T0.plusSeconds(100);
        SpoolEntry late = entry(ACME, T0.plusSeconds(3), due).with(builder -> builder.id(idNumber(1)));
        SpoolEntry early = entry(ACME, T0.plusSeconds(1), due).with(builder -> builder.id(idNumber(3)));
        SpoolEntry middle = entry(ACME, T0.plusSeconds(2), due).with(builder -> builder.id(idNumber(2)));
        addAll(late, early, middle);

        assertThat(ids(testee().dueForDelivery(ACME, due, 10).collectList().block()))
            .containsExactly(early.id(), middle.id(), late.id());
    }

    @Test
    default void dueForDeliveryShouldHonourTheLimitAndReturnTheEarliest() {
        List<SpoolEntry> entries = IntStream.range(0, 10)
            .mapToObj(i -> entry(ACME, T0.plusSeconds(i)))
            .collect(Collectors.toList());
        entries.stream().sorted(Comparator.comparing(SpoolEntry::id)).forEach(entry -> testee().add(entry).block());

        assertThat(ids(testee().dueForDelivery(ACME, T0.plusSeconds(100), 3).collectList().block()))
            .containsExactly(entries.get(0).id(), entries.get(1).id(), entries.get(2).id());
    }

    @Test
    default void entriesWithIdenticalTimesShouldAllBeDueForDelivery() {
        List<SpoolEntry> entries = IntStream.range(0, 5).mapToObj(i -> entry(ACME, T0)).collect(Collectors.toList());
        entries.forEach(entry -> testee().add(entry).block());

        assertThat(ids(testee().dueForDelivery(ACME, T0, 10).collectList().block()))
            .containsExactlyInAnyOrderElementsOf(ids(entries));
    }

    @Test
    default void updateToALaterNextAttemptShouldMakeTheEntryNoLongerDue() {
        SpoolEntry entry = entry(ACME, T0);
        testee().add(entry).block();

        testee().update(entry.with(builder -> builder.attempts(1).nextAttempt(T0.plus(Duration.ofMinutes(30))))).block();

        assertThat(testee().dueForDelivery(ACME, T0.plus(Duration.ofMinutes(29)), 10).collectList().block()).isEmpty();
        assertThat(testee().dueForDelivery(ACME, T0.plus(Duration.ofMinutes(30)), 10).collectList().block())
            .singleElement()
            .satisfies(due -> {
                assertThat(due.id()).isEqualTo(entry.id());
                assertThat(due.attempts()).isEqualTo(1);
            });
    }

    @Test
    default void repeatedUpdatesShouldLeaveOneIndexEntry() {
        SpoolEntry entry = entry(ACME, T0);
        testee().add(entry).block();

        for (int attempt = 1; attempt <= 5; attempt++) {
            int attempts = attempt;
            testee().update(entry.with(builder -> builder.attempts(attempts).nextAttempt(T0.plusSeconds(attempts * 10L))
                .nextNoticeAt(T0.plusSeconds(attempts * 10L)))).block();
        }

        Instant later = T0.plus(Duration.ofDays(365));
        assertThat(testee().dueForDelivery(ACME, later, 100).collectList().block())
            .singleElement().extracting(SpoolEntry::attempts).isEqualTo(5);
        assertThat(testee().dueForNotice(later, 100).collectList().block())
            .singleElement().extracting(SpoolEntry::attempts).isEqualTo(5);
        assertThat(testee().browse(ACME, Optional.empty(), 100).collectList().block())
            .singleElement().extracting(SpoolEntry::attempts).isEqualTo(5);
        assertThat(testee().count(ACME).block()).isEqualTo(1);
    }

    @Test
    default void updateToAnEarlierNextAttemptShouldMoveTheEntryForward() {
        SpoolEntry first = entry(ACME, T0, T0.plusSeconds(10));
        SpoolEntry second = entry(ACME, T0.plusSeconds(1), T0.plusSeconds(20));
        addAll(first, second);

        testee().update(second.with(builder -> builder.nextAttempt(T0))).block();

        assertThat(ids(testee().dueForDelivery(ACME, T0.plusSeconds(30), 10).collectList().block()))
            .containsExactly(second.id(), first.id());
    }

    @Test
    default void dueForDeliveryShouldReturnTheCurrentVersionOfAnEntry() {
        SpoolEntry entry = entry(ACME, T0);
        testee().add(entry).block();
        SpoolEntry updated = entry.withRecipient(entry.recipients().get(0).withInboxCopy("copy-42"));

        testee().update(updated).block();

        assertThat(testee().dueForDelivery(ACME, T0, 10).collectList().block()).containsExactly(updated);
    }

    // --- dueForNotice

    @Test
    default void dueForNoticeShouldReturnEntriesOfEveryOrganisationByNoticeTime() {
        SpoolEntry globexFirst = noticeEntry(GLOBEX, T0.plusSeconds(5), T0.plusSeconds(10));
        SpoolEntry acmeSecond = noticeEntry(ACME, T0, T0.plusSeconds(20));
        SpoolEntry globexThird = noticeEntry(GLOBEX, T0.plusSeconds(1), T0.plusSeconds(30));
        SpoolEntry acmeLater = noticeEntry(ACME, T0, T0.plusSeconds(31));
        addAll(acmeLater, globexThird, acmeSecond, globexFirst);

        assertThat(ids(testee().dueForNotice(T0.plusSeconds(30), 10).collectList().block()))
            .containsExactly(globexFirst.id(), acmeSecond.id(), globexThird.id());
    }

    @Test
    default void dueForNoticeShouldIncludeEntriesDueExactlyNow() {
        SpoolEntry entry = noticeEntry(ACME, T0, T0.plusSeconds(10));
        testee().add(entry).block();

        assertThat(testee().dueForNotice(T0.plusSeconds(10).minusMillis(1), 10).collectList().block()).isEmpty();
        assertThat(ids(testee().dueForNotice(T0.plusSeconds(10), 10).collectList().block())).containsExactly(entry.id());
    }

    @Test
    default void dueForNoticeShouldHonourTheLimit() {
        List<SpoolEntry> entries = IntStream.range(0, 6)
            .mapToObj(i -> noticeEntry(i % 2 == 0 ? ACME : GLOBEX, T0, T0.plusSeconds(i)))
            .collect(Collectors.toList());
        entries.forEach(entry -> testee().add(entry).block());

        assertThat(ids(testee().dueForNotice(T0.plusSeconds(100), 4).collectList().block()))
            .containsExactlyElementsOf(ids(entries.subList(0, 4)));
    }

    @Test
    default void entriesWithIdenticalNoticeTimesShouldAllBeDueForNotice() {
        List<SpoolEntry> entries = IntStream.range(0, 5)
            .mapToObj(i -> noticeEntry(i % 2 == 0 ? ACME : GLOBEX, T0, T0.plusSeconds(60)))
            .collect(Collectors.toList());
        entries.forEach(entry -> testee().add(entry).block());

        assertThat(ids(testee().dueForNotice(T0.plusSeconds(60), 10).collectList().block()))
            .containsExactlyInAnyOrderElementsOf(ids(entries));
    }

    @Test
    default void anEntryWithoutExplicitNoticeTimeShouldBeDueForNoticeAtExpiry() {
        SpoolEntry entry = entry(ACME, T0);
        testee().add(entry).block();

        assertThat(testee().dueForNotice(entry.expiry().minusMillis(1), 10).collectList().block()).isEmpty();
        assertThat(ids(testee().dueForNotice(entry.expiry(), 10).collectList().block())).containsExactly(entry.id());
    }

    @Test
    default void updateToALaterNoticeTimeShouldMakeTheEntryNoLongerDueForNotice() {
        SpoolEntry entry = noticeEntry(ACME, T0, T0.plus(Duration.ofHours(4)));
        testee().add(entry).block();

        testee().update(entry.with(builder -> builder.delayedNoticesSent(1).nextNoticeAt(T0.plus(Duration.ofHours(28))))).block();

        assertThat(testee().dueForNotice(T0.plus(Duration.ofHours(27)), 10).collectList().block()).isEmpty();
        assertThat(testee().dueForNotice(T0.plus(Duration.ofHours(28)), 10).collectList().block())
            .singleElement().extracting(SpoolEntry::delayedNoticesSent).isEqualTo(1);
    }

    @Test
    default void updateOfTheNextAttemptShouldNotDisturbTheNoticeIndex() {
        SpoolEntry entry = noticeEntry(ACME, T0, T0.plus(Duration.ofHours(4)));
        testee().add(entry).block();

        testee().update(entry.with(builder -> builder.nextAttempt(T0.plus(Duration.ofHours(10))))).block();

        assertThat(ids(testee().dueForNotice(T0.plus(Duration.ofHours(4)), 10).collectList().block())).containsExactly(entry.id());
        assertThat(testee().dueForDelivery(ACME, T0.plus(Duration.ofHours(4)), 10).collectList().block()).isEmpty();
    }

    // --- browse

    @Test
    default void browseShouldReturnEntriesOfTheOrganisationInArrivalOrder() {
        SpoolEntry second = entry(ACME, T0.plusSeconds(2), T0);
        SpoolEntry first = entry(ACME, T0.plusSeconds(1), T0.plusSeconds(60));
        SpoolEntry third = entry(ACME, T0.plusSeconds(3), T0.minusSeconds(60));
        SpoolEntry other = entry(GLOBEX, T0);
        addAll(second, other, third, first);

        assertThat(ids(testee().browse(ACME, Optional.empty(), 10).collectList().block()))
            .containsExactly(first.id(), second.id(), third.id());
    }

    @Test
    default void browseShouldBeEmptyForAnOrganisationWithoutEntries() {
        testee().add(entry(ACME, T0)).block();

        assertThat(testee().browse(GLOBEX, Optional.empty(), 10).collectList().block()).isEmpty();
    }

    @Test
    default void browseShouldStartAfterTheCursor() {
        SpoolEntry first = entry(ACME, T0.plusSeconds(1));
        SpoolEntry second = entry(ACME, T0.plusSeconds(2));
        SpoolEntry third = entry(ACME, T0.plusSeconds(3));
        addAll(first, second, third);

        assertThat(ids(testee().browse(ACME, Optional.of(SpoolCursor.after(first)), 10).collectList().block()))
            .containsExactly(second.id(), third.id());
    }

    @Test
    default void browseShouldHonourTheLimit() {
        SpoolEntry first = entry(ACME, T0.plusSeconds(1));
        SpoolEntry second = entry(ACME, T0.plusSeconds(2));
        SpoolEntry third = entry(ACME, T0.plusSeconds(3));
        addAll(third, second, first);

        assertThat(ids(testee().browse(ACME, Optional.empty(), 2).collectList().block()))
            .containsExactly(first.id(), second.id());
    }

    @Test
    default void browsingPageByPageShouldReturnEveryEntryExactlyOnce() {
        // 25 entries, several sharing an arrival time, browsed 4 at a time with cursors read back from text.
        List<SpoolEntry> entries = IntStream.range(0, 25)
            .mapToObj(i -> entry(ACME, T0.plusMillis((i / 3) * 1000L)))
            .collect(Collectors.toList());
        entries.stream().sorted(Comparator.comparing(SpoolEntry::id)).forEach(entry -> testee().add(entry).block());
        testee().add(entry(GLOBEX, T0)).block();

        List<SpoolEntry> seen = new ArrayList<>();
        Optional<SpoolCursor> cursor = Optional.empty();
        for (int page = 0; page < 20; page++) {
            List<SpoolEntry> entriesOfPage = testee().browse(ACME, cursor, 4).collectList().block();
            if (entriesOfPage.isEmpty()) {
                break;
            }
            assertThat(entriesOfPage).hasSizeLessThanOrEqualTo(4);
            seen.addAll(entriesOfPage);
            cursor = Optional.of(SpoolCursor.parse(SpoolCursor.after(entriesOfPage.get(entriesOfPage.size() - 1)).asString()));
        }

        assertThat(ids(seen)).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ids(entries));
        assertThat(seen).isSortedAccordingTo(Comparator.comparing(SpoolEntry::arrival));
    }

    @Test
    default void browseAfterTheLastEntryShouldBeEmpty() {
        SpoolEntry only = entry(ACME, T0);
        testee().add(only).block();

        assertThat(testee().browse(ACME, Optional.of(SpoolCursor.after(only)), 10).collectList().block()).isEmpty();
    }

    @Test
    default void browseShouldNotChangeWhenAnEntryIsUpdated() {
        SpoolEntry first = entry(ACME, T0.plusSeconds(1));
        SpoolEntry second = entry(ACME, T0.plusSeconds(2));
        addAll(first, second);

        testee().update(first.with(builder -> builder.attempts(2).nextAttempt(T0.plusSeconds(600)))).block();

        assertThat(testee().browse(ACME, Optional.empty(), 10).collectList().block())
            .extracting(SpoolEntry::id, SpoolEntry::attempts)
            .containsExactly(tuple(first.id(), 2), tuple(second.id(), 0));
    }

    // --- counts

    @Test
    default void countShouldCountTheEntriesOfTheOrganisation() {
        addAll(entry(ACME, T0), entry(ACME, T0.plusSeconds(1)), entry(GLOBEX, T0));

        assertThat(testee().count(ACME).block()).isEqualTo(2);
        assertThat(testee().count(GLOBEX).block()).isEqualTo(1);
        assertThat(testee().count(OrganisationId.of("initech")).block()).isZero();
    }

    @Test
    default void countAllShouldCountEveryEntry() {
        assertThat(testee().countAll().block()).isZero();

        SpoolEntry removed = entry(ACME, T0);
        addAll(removed, entry(ACME, T0.plusSeconds(1)), entry(GLOBEX, T0));
        testee().remove(removed.id()).block();

        assertThat(testee().countAll().block()).isEqualTo(2);
    }

    @Test
    default void countShouldNotChangeOnUpdate() {
        SpoolEntry entry = entry(ACME, T0);
        testee().add(entry).block();

        testee().update(entry.with(builder -> builder.attempts(1))).block();
        testee().update(entry.with(builder -> builder.attempts(2))).block();

        assertThat(testee().count(ACME).block()).isEqualTo(1);
        assertThat(testee().countAll().block()).isEqualTo(1);
    }

    @Test
    default void oldestArrivalShouldBeEmptyWhenTheSpoolIsEmpty() {
        assertThat(testee().oldestArrival().blockOptional()).isEmpty();
    }

    @Test
    default void oldestArrivalShouldBeTheEarliestArrivalOfEveryOrganisation() {
        SpoolEntry oldest = entry(GLOBEX, T0.minus(Duration.ofDays(2)));
        addAll(entry(ACME, T0), oldest, entry(ACME, T0.minus(Duration.ofDays(1))));

        assertThat(testee().oldestArrival().blockOptional()).contains(oldest.arrival());
    }

    @Test
    default void oldestArrivalShouldMoveWhenTheOldestEntryLeaves() {
        SpoolEntry oldest = entry(ACME, T0.minus(Duration.ofDays(2)));
        SpoolEntry next = entry(GLOBEX, T0.minus(Duration.ofDays(1)));
        addAll(oldest, next, entry(ACME, T0));

        testee().remove(oldest.id()).block();

        assertThat(testee().oldestArrival().blockOptional()).contains(next.arrival());
    }
}
