package io.emergencyinbox.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZonedDateTime;

import org.apache.james.jmap.api.projections.EmailQueryView;
import org.apache.james.jmap.api.projections.EmailQueryViewContract;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.model.TestId;
import org.apache.james.mailbox.model.TestMessageId;
import org.apache.james.util.streams.Limit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** James's Email/query view contract, and what our sorted view adds to it. */
class SortedEmailQueryViewTest implements EmailQueryViewContract {
    private SortedEmailQueryView testee;

    @BeforeEach
    void setUp() {
        testee = new SortedEmailQueryView();
    }

    @Override
    public EmailQueryView testee() {
        return testee;
    }

    @Override
    public MailboxId mailboxId1() {
        return TestId.of(0);
    }

    @Override
    public MessageId messageId1() {
        return TestMessageId.of(1);
    }

    @Override
    public MessageId messageId2() {
        return TestMessageId.of(2);
    }

    @Override
    public MessageId messageId3() {
        return TestMessageId.of(3);
    }

    @Override
    public MessageId messageId4() {
        return TestMessageId.of(4);
    }

    @Test
    void messagesReceivedAtTheSameInstantShouldBeListedInTheOrderSaved() {
        testee.save(mailboxId1(), DATE_1, DATE_2, messageId1()).block();
        testee.save(mailboxId1(), DATE_1, DATE_2, messageId2()).block();
        testee.save(mailboxId1(), DATE_1, DATE_2, messageId3()).block();

        assertThat(testee.listMailboxContentSortedByReceivedAt(mailboxId1(), Limit.limit(12)).collectList().block())
            .containsExactly(messageId1(), messageId2(), messageId3());
    }

    @Test
    void savingAMessageAgainShouldMoveItToItsNewDates() {
        testee.save(mailboxId1(), DATE_1, DATE_2, messageId1()).block();
        testee.save(mailboxId1(), DATE_3, DATE_4, messageId2()).block();
        testee.save(mailboxId1(), DATE_5, DATE_6, messageId1()).block();

        assertThat(testee.listMailboxContentSortedByReceivedAt(mailboxId1(), Limit.limit(12)).collectList().block())
            .containsExactly(messageId1(), messageId2());
        assertThat(testee.listMailboxContentSortedBySentAt(mailboxId1(), Limit.limit(12)).collectList().block())
            .containsExactly(messageId1(), messageId2());
    }

    @Test
    void datesShouldCompareAsInstantsWhateverTheirZone() {
        testee.save(mailboxId1(), DATE_1, DATE_2, messageId1()).block();
        testee.save(mailboxId1(), DATE_1, ZonedDateTime.parse("2010-10-30T17:00:00+02:00"), messageId2()).block();

        assertThat(testee.listMailboxContentSortedByReceivedAt(mailboxId1(), Limit.limit(12)).collectList().block())
            .containsExactly(messageId1(), messageId2());
    }

    @Test
    void aFirstPageShouldBeTheNewestMessagesOfALargeMailbox() {
        ZonedDateTime start = ZonedDateTime.parse("2026-12-01T00:00:00Z");
        for (int i = 1; i <= 10_000; i++) {
            testee.save(mailboxId1(), start.plusSeconds(i), start.plusSeconds(i), TestMessageId.of(i)).block();
        }

        assertThat(testee.listMailboxContentSortedByReceivedAt(mailboxId1(), Limit.limit(3)).collectList().block())
            .containsExactly(TestMessageId.of(10_000), TestMessageId.of(9_999), TestMessageId.of(9_998));
        assertThat(testee.listMailboxContentBeforeSortedByReceivedAt(mailboxId1(), start.plusSeconds(5_000), Limit.limit(2))
            .collectList().block())
            .containsExactly(TestMessageId.of(5_000), TestMessageId.of(4_999));
    }
}
