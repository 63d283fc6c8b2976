package io.emergencyinbox.core.notice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.junit.jupiter.api.Test;

import io.emergencyinbox.core.config.ContinuityPolicy;
import io.emergencyinbox.core.message.EnvelopeRecipient;
import io.emergencyinbox.core.organisation.OrganisationId;
import io.emergencyinbox.core.policy.MemoryOrganisationPolicyStore;
import io.emergencyinbox.core.policy.PolicyOverrides;
import io.emergencyinbox.core.spool.SpoolEntry;
import io.emergencyinbox.core.spool.SpoolEntryId;
import io.emergencyinbox.core.spool.SpoolRecipient;

class NoticeScheduleTest {
    private static final Instant ARRIVAL = Instant.parse("2024-03-01T10:00:00Z");
    private static final NoticeSchedule DEFAULT = new NoticeSchedule(Duration.ofHours(4), Duration.ofHours(24), Duration.ofDays(30));

    private static SpoolEntry entry(NoticeSchedule schedule, int delayedNoticesSent) throws Exception {
        return SpoolEntry.builder()
            .id(SpoolEntryId.random())
            .organisation(OrganisationId.of("acme"))
            .sender(MaybeSender.of(new MailAddress("alice@sender.example")))
            .recipients(List.of(SpoolRecipient.pending(EnvelopeRecipient.of(new MailAddress("bob@acme.com")))))
            .arrival(ARRIVAL)
            .expiry(schedule.expiry(ARRIVAL))
            .nextAttempt(ARRIVAL)
            .delayedNoticesSent(delayedNoticesSent)
            .build();
    }

    @Test
    void mailFromTheNullSenderShouldOnlyBeLookedAtForItsExpiry() throws Exception {
        SpoolEntry fromNobody = entry(DEFAULT, 0).with(builder -> builder.sender(MaybeSender.nullSender()));

        assertThat(DEFAULT.nextCheck(fromNobody)).isEqualTo(ARRIVAL.plus(Duration.ofDays(30)));
    }

    @Test
    void expiryShouldBeArrivalPlusTheMaximumAge() {
        assertThat(DEFAULT.expiry(ARRIVAL)).isEqualTo(Instant.parse("2024-03-31T10:00:00Z"));
    }

    @Test
    void theFirstDelayedNoticeShouldComeAfterTheFirstDelay() {
        assertThat(DEFAULT.delayedNoticeAt(ARRIVAL, 1)).isEqualTo(ARRIVAL.plus(Duration.ofHours(4)));
    }

    @Test
    void laterDelayedNoticesShouldComeAtEachInterval() {
        assertThat(DEFAULT.delayedNoticeAt(ARRIVAL, 2)).isEqualTo(ARRIVAL.plus(Duration.ofHours(28)));
        assertThat(DEFAULT.delayedNoticeAt(ARRIVAL, 3)).isEqualTo(ARRIVAL.plus(Duration.ofHours(52)));
        assertThat(DEFAULT.delayedNoticeAt(ARRIVAL, 30)).isEqualTo(ARRIVAL.plus(Duration.ofHours(4 + 29 * 24)));
    }

    @Test
    void noticesShouldBeCountedFromOne() {
        assertThatThrownBy(() -> DEFAULT.delayedNoticeAt(ARRIVAL, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nextCheckShouldBeTheFirstNoticeForANewEntry() throws Exception {
        assertThat(DEFAULT.nextCheck(entry(DEFAULT, 0))).isEqualTo(ARRIVAL.plus(Duration.ofHours(4)));
    }

    @Test
    void nextCheckShouldBeTheNoticeAfterThoseAlreadySent() throws Exception {
        assertThat(DEFAULT.nextCheck(entry(DEFAULT, 1))).isEqualTo(ARRIVAL.plus(Duration.ofHours(28)));
        assertThat(DEFAULT.nextCheck(entry(DEFAULT, 2))).isEqualTo(ARRIVAL.plus(Duration.ofHours(52)));
    }

    @Test
    void nextCheckShouldBeTheExpiryOnceNoNoticeIsLeftBeforeIt() throws Exception {
        // Notices fall at 4h, 28h, ...: the 30th at 700h; the 31st (724h) would come after the expiry (720h).
        Instant expiry = DEFAULT.expiry(ARRIVAL);

        assertThat(DEFAULT.nextCheck(entry(DEFAULT, 29))).isEqualTo(ARRIVAL.plus(Duration.ofHours(4 + 29 * 24)));
        assertThat(DEFAULT.nextCheck(entry(DEFAULT, 30))).isEqualTo(expiry);
        assertThat(DEFAULT.nextCheck(entry(DEFAULT, 100))).isEqualTo(expiry);
    }

    @Test
    void nextCheckShouldBeTheExpiryWhenTheFirstNoticeWouldComeAfterIt() throws Exception {
        NoticeSchedule shortLived = new NoticeSchedule(Duration.ofHours(4), Duration.ofHours(24), Duration.ofHours(2));

        assertThat(shortLived.nextCheck(entry(shortLived, 0))).isEqualTo(ARRIVAL.plus(Duration.ofHours(2)));
    }

    @Test
    void aNoticeDueExactlyAtExpiryShouldGiveWayToTheExpiry() throws Exception {
        NoticeSchedule schedule = new NoticeSchedule(Duration.ofHours(4), Duration.ofHours(24), Duration.ofHours(4));

        assertThat(schedule.nextCheck(entry(schedule, 0))).isEqualTo(schedule.expiry(ARRIVAL));
    }

    @Test
    void durationsShouldBePositive() {
        assertThatThrownBy(() -> new NoticeSchedule(Duration.ZERO, Duration.ofHours(24), Duration.ofDays(30)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("first");
        assertThatThrownBy(() -> new NoticeSchedule(Duration.ofHours(4), Duration.ofHours(-1), Duration.ofDays(30)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("every");
        assertThatThrownBy(() -> new NoticeSchedule(Duration.ofHours(4), Duration.ofHours(24), Duration.ZERO))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxAge");
    }

    @Test
    void theScheduleOfAnOrganisationShouldFollowThePolicy() {
        ContinuityPolicy policy = ContinuityPolicy.parse(Map.of(
            "notice.delayed.first", "1h", "notice.delayed.every", "6h", "spool.maxAge", "5d"));

        NoticeSchedule schedule = new NoticeSchedules(policy, new MemoryOrganisationPolicyStore()).of(OrganisationId.of("acme")).block();

        assertThat(schedule).isEqualTo(new NoticeSchedule(Duration.ofHours(1), Duration.ofHours(6), Duration.ofDays(5)));
    }

    @Test
    void anOrganisationsOverridesShouldReplaceOnlyWhatTheyName() {
        ContinuityPolicy policy = ContinuityPolicy.parse(Map.of(
            "notice.delayed.first", "1h", "notice.delayed.every", "6h", "spool.maxAge", "5d"));
        MemoryOrganisationPolicyStore overrides = new MemoryOrganisationPolicyStore();
        overrides.set(OrganisationId.of("acme"), new PolicyOverrides(Optional.of(Duration.ofDays(2)), Optional.empty(),
            Optional.of(Duration.ofHours(2)))).block();

        NoticeSchedules schedules = new NoticeSchedules(policy, overrides);

        assertThat(schedules.of(OrganisationId.of("acme")).block())
            .isEqualTo(new NoticeSchedule(Duration.ofHours(1), Duration.ofHours(2), Duration.ofDays(2)));
        assertThat(schedules.of(OrganisationId.of("globex")).block())
            .isEqualTo(new NoticeSchedule(Duration.ofHours(1), Duration.ofHours(6), Duration.ofDays(5)));
    }
}
