package io.emergencyinbox.core.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.Test;

/** What every {@link RetentionLedger} must do. Implementations give a fresh, empty ledger per test. */
public interface RetentionLedgerContract {
    Instant NOW = Instant.parse("2024-03-08T10:00:00.750Z");

    RetentionLedger testee();

    static MailAddress address(String value) {
        try {
            return new MailAddress(value);
        } catch (AddressException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static InboxCopy copy(String recipient, String copyId, Instant removeAfter) {
        return new InboxCopy(address(recipient), copyId, removeAfter);
    }

    @Test
    default void dueShouldReturnCopiesWhoseRetentionHasEnded() {
        InboxCopy past = copy("bob@acme.com", "11", NOW.minus(Duration.ofDays(1)));
        InboxCopy exactlyNow = copy("carol@acme.com", "12", NOW);
        InboxCopy future = copy("dave@acme.com", "13", NOW.plusMillis(1));
        testee().schedule(future).block();
        testee().schedule(past).block();
        testee().schedule(exactlyNow).block();

        assertThat(testee().due(NOW, 10).collectList().block()).containsExactly(past, exactlyNow);
    }

    @Test
    default void dueShouldBeEmptyWhenNothingIsDue() {
        testee().schedule(copy("bob@acme.com", "11", NOW.plusSeconds(1))).block();

        assertThat(testee().due(NOW, 10).collectList().block()).isEmpty();
    }

    @Test
    default void dueShouldReturnTheEarliestFirstWithinTheLimit() {
        List<InboxCopy> copies = IntStream.range(0, 8)
            .mapToObj(i -> copy("user" + i + "@acme.com", "copy-" + i, NOW.minus(Duration.ofHours(8 - i))))
            .collect(Collectors.toList());
        for (int i = copies.size() - 1; i >= 0; i--) {
            testee().schedule(copies.get(i)).block();
        }

        assertThat(testee().due(NOW, 3).collectList().block()).containsExactlyElementsOf(copies.subList(0, 3));
    }

    @Test
    default void copiesWithTheSameRemovalTimeShouldAllBeDue() {
        InboxCopy bob = copy("bob@acme.com", "1", NOW);
        InboxCopy bobOther = copy("bob@acme.com", "2", NOW);
        InboxCopy carol = copy("carol@acme.com", "1", NOW);
        testee().schedule(bob).block();
        testee().schedule(bobOther).block();
        testee().schedule(carol).block();

        assertThat(testee().due(NOW, 10).collectList().block()).containsExactlyInAnyOrder(bob, bobOther, carol);
    }

    @Test
    default void forgetShouldRemoveTheCopy() {
        InboxCopy forgotten = copy("bob@acme.com", "11", NOW.minusSeconds(10));
        InboxCopy kept = copy("carol@acme.com", "12", NOW.minusSeconds(5));
        testee().schedule(forgotten).block();
        testee().schedule(kept).block();

        testee().forget(forgotten).block();

        assertThat(testee().due(NOW, 10).collectList().block()).containsExactly(kept);
    }

    @Test
    default void forgetShouldBeIdempotent() {
        InboxCopy copy = copy("bob@acme.com", "11", NOW.minusSeconds(10));
        testee().schedule(copy).block();

        testee().forget(copy).block();
        testee().forget(copy).block();
        testee().forget(copy("nobody@acme.com", "99", NOW)).block();

        assertThat(testee().due(NOW, 10).collectList().block()).isEmpty();
    }

    @Test
    default void schedulingTheSameCopyTwiceShouldMakeItDueOnce() {
        InboxCopy copy = copy("bob@acme.com", "11", NOW.minusSeconds(10));

        testee().schedule(copy).block();
        testee().schedule(copy).block();

        assertThat(testee().due(NOW, 10).collectList().block()).containsExactly(copy);
    }
}
