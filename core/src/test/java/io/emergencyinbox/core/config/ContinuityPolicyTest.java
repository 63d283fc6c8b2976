package io.emergencyinbox.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContinuityPolicyTest {

    private static ContinuityPolicy parse(String... keysAndValues) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            values.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return ContinuityPolicy.parse(values);
    }

    @Test
    void defaultsShouldMatchTheDocumentedValues() {
        ContinuityPolicy policy = ContinuityPolicy.DEFAULT;

        assertThat(policy.inboxMailbox()).isEqualTo("Emergency");
        assertThat(policy.inboxRetention()).isEqualTo(Duration.ofDays(7));
        assertThat(policy.probeInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(policy.health().failuresBeforeDown()).isEqualTo(3);
        assertThat(policy.health().successesBeforeUp()).isEqualTo(2);
        assertThat(policy.retryInitialDelay()).isEqualTo(Duration.ofMinutes(30));
        assertThat(policy.retryMaxDelay()).isEqualTo(Duration.ofHours(4));
        assertThat(policy.retryMultiplier()).isEqualTo(2.0);
        assertThat(policy.drainConcurrency()).isEqualTo(8);
        assertThat(policy.drainRatePerSecond()).isZero();
        assertThat(policy.schedulerInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.schedulerPageSize()).isEqualTo(500);
        assertThat(policy.leaseDuration()).isEqualTo(Duration.ofMinutes(10));
        assertThat(policy.maxSpoolAge()).isEqualTo(Duration.ofDays(30));
        assertThat(policy.firstDelayedNotice()).isEqualTo(Duration.ofHours(4));
        assertThat(policy.delayedNoticeInterval()).isEqualTo(Duration.ofHours(24));
        assertThat(policy.delayedNoticeWhenNotifyAbsent()).isTrue();
        assertThat(policy.spoolDirectory()).isEqualTo("var/emergency-inbox/spool");
        assertThat(policy.spoolFsync()).isTrue();
        assertThat(policy.heloName()).isEqualTo("localhost");
        assertThat(policy.noticeFrom()).isEmpty();
    }

    @Test
    void anEmptyFileShouldGiveTheDefaults() {
        assertThat(ContinuityPolicy.parse(Map.of())).isEqualTo(ContinuityPolicy.DEFAULT);
    }

    @Test
    void everyKeyShouldBeRead() throws Exception {
        ContinuityPolicy policy = parse(
            "inbox.mailbox", "Continuity",
            "inbox.retention", "14d",
            "probe.interval", "10s",
            "health.failuresBeforeDown", "5",
            "health.successesBeforeUp", "4",
            "retry.initialDelay", "5m",
            "retry.maxDelay", "2h",
            "retry.multiplier", "1.5",
            "drain.concurrency", "16",
            "drain.ratePerSecond", "12.5",
            "scheduler.interval", "250ms",
            "scheduler.pageSize", "100",
            "scheduler.leaseDuration", "3m",
            "spool.maxAge", "5d",
            "notice.delayed.first", "2h",
            "notice.delayed.every", "12h",
            "notice.delayed.whenNotifyAbsent", "false",
            "spool.directory", "/var/spool/emergency",
            "spool.fsync", "false",
            "smtp.heloName", "gateway.example.com",
            "notice.from", "mailer-daemon@gateway.example.com");

        assertThat(policy.inboxMailbox()).isEqualTo("Continuity");
        assertThat(policy.inboxRetention()).isEqualTo(Duration.ofDays(14));
        assertThat(policy.probeInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(policy.health().failuresBeforeDown()).isEqualTo(5);
        assertThat(policy.health().successesBeforeUp()).isEqualTo(4);
        assertThat(policy.retryInitialDelay()).isEqualTo(Duration.ofMinutes(5));
        assertThat(policy.retryMaxDelay()).isEqualTo(Duration.ofHours(2));
        assertThat(policy.retryMultiplier()).isEqualTo(1.5);
        assertThat(policy.drainConcurrency()).isEqualTo(16);
        assertThat(policy.drainRatePerSecond()).isEqualTo(12.5);
        assertThat(policy.schedulerInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(policy.schedulerPageSize()).isEqualTo(100);
        assertThat(policy.leaseDuration()).isEqualTo(Duration.ofMinutes(3));
        assertThat(policy.maxSpoolAge()).isEqualTo(Duration.ofDays(5));
        assertThat(policy.firstDelayedNotice()).isEqualTo(Duration.ofHours(2));
        assertThat(policy.delayedNoticeInterval()).isEqualTo(Duration.ofHours(12));
        assertThat(policy.delayedNoticeWhenNotifyAbsent()).isFalse();
        assertThat(policy.spoolDirectory()).isEqualTo("/var/spool/emergency");
        assertThat(policy.spoolFsync()).isFalse();
        assertThat(policy.heloName()).isEqualTo("gateway.example.com");
        assertThat(policy.noticeFrom()).contains(new MailAddress("mailer-daemon@gateway.example.com"));
        assertThat(policy).isNotEqualTo(ContinuityPolicy.DEFAULT);
    }

    @Test
    void valuesShouldBeTrimmed() {
        ContinuityPolicy policy = parse("probe.interval", "  45s  ", "drain.concurrency", " 3 ", "spool.fsync", " false");

        assertThat(policy.probeInterval()).isEqualTo(Duration.ofSeconds(45));
        assertThat(policy.drainConcurrency()).isEqualTo(3);
        assertThat(policy.spoolFsync()).isFalse();
    }

    @Test
    void anUnknownKeyShouldBeRejectedNamingTheFileAndTheKey() {
        assertThatThrownBy(() -> parse("probe.intervall", "30s"))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("continuity.properties")
            .hasMessageContaining("probe.intervall");
    }

    @Test
    void anUnknownKeyShouldBeRejectedEvenAmongValidOnes() {
        assertThatThrownBy(() -> parse("probe.interval", "30s", "drain.concurency", "4", "spool.fsync", "true"))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("drain.concurency");
    }

    @Test
    void severalUnknownKeysShouldAllBeNamed() {
        assertThatThrownBy(() -> parse("foo", "1", "bar", "2"))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("foo")
            .hasMessageContaining("bar");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        // invalid durations
        "probe.interval|30",
        "probe.interval|thirty seconds",
        "inbox.retention|7 days",
        "retry.initialDelay|-5m",
        "spool.maxAge|1.5d",
        "notice.delayed.first|4H",
        // zero durations
        "scheduler.interval|0s",
        "scheduler.leaseDuration|0ms",
        // invalid integers
        "health.failuresBeforeDown|three",
        "scheduler.pageSize|2.5",
        "drain.concurrency|99999999999",
        // integers out of range
        "health.failuresBeforeDown|0",
        "health.successesBeforeUp|1001",
        "drain.concurrency|257",
        "scheduler.pageSize|0",
        // invalid or out of range decimals
        "retry.multiplier|twice",
        "retry.multiplier|0.5",
        "retry.multiplier|11",
        "retry.multiplier|NaN",
        "drain.ratePerSecond|-1",
        "drain.ratePerSecond|Infinity",
        // invalid booleans
        "spool.fsync|yes",
        "notice.delayed.whenNotifyAbsent|TRUE",
        "spool.fsync|1",
        // invalid strings and addresses
        "inbox.mailbox|Emergency.Inbox",
        "inbox.mailbox|INBOX/Emergency",
        "notice.from|not an address",
        "notice.from|@gateway.example.com",
    })
    void anInvalidValueShouldBeRejectedNamingTheFileAndTheKey(String key, String value) {
        assertThatThrownBy(() -> parse(key, value))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("continuity.properties")
            .hasMessageContaining("'" + key + "'");
    }

    @Test
    void anEmptyValueShouldBeRejectedNamingTheKey() {
        assertThatThrownBy(() -> parse("smtp.heloName", "  "))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("smtp.heloName")
            .hasMessageContaining("empty");
    }

    @Test
    void aMaxDelayShorterThanTheInitialDelayShouldBeRejected() {
        assertThatThrownBy(() -> parse("retry.initialDelay", "2h", "retry.maxDelay", "1h"))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("retry.maxDelay");
    }

    @Test
    void aMaxDelayShorterThanTheDefaultInitialDelayShouldBeRejected() {
        assertThatThrownBy(() -> parse("retry.maxDelay", "10m"))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("retry.maxDelay");
    }

    @Test
    void anInvalidDurationMessageShouldShowTheValueAndTheExpectedFormat() {
        assertThatThrownBy(() -> parse("probe.interval", "30 sec"))
            .hasMessageContaining("30 sec")
            .hasMessageContaining("ms, s, m, h, d");
    }

    @Test
    void retryDelayShouldGrowExponentially() {
        ContinuityPolicy policy = parse("retry.initialDelay", "30m", "retry.maxDelay", "8h", "retry.multiplier", "2");

        assertThat(policy.retryDelay(1)).isEqualTo(Duration.ofMinutes(30));
        assertThat(policy.retryDelay(2)).isEqualTo(Duration.ofMinutes(60));
        assertThat(policy.retryDelay(3)).isEqualTo(Duration.ofMinutes(120));
        assertThat(policy.retryDelay(4)).isEqualTo(Duration.ofMinutes(240));
    }

    @Test
    void retryDelayShouldBeCappedAtTheMaximum() {
        ContinuityPolicy policy = ContinuityPolicy.DEFAULT;

        assertThat(policy.retryDelay(4)).isEqualTo(Duration.ofHours(4));
        assertThat(policy.retryDelay(5)).isEqualTo(Duration.ofHours(4));
        assertThat(policy.retryDelay(50)).isEqualTo(Duration.ofHours(4));
        assertThat(policy.retryDelay(100_000)).isEqualTo(Duration.ofHours(4));
    }

    @Test
    void retryDelayShouldFollowAFractionalMultiplier() {
        ContinuityPolicy policy = parse("retry.initialDelay", "10m", "retry.maxDelay", "1h", "retry.multiplier", "1.5");

        assertThat(policy.retryDelay(1)).isEqualTo(Duration.ofMinutes(10));
        assertThat(policy.retryDelay(2)).isEqualTo(Duration.ofMinutes(15));
        assertThat(policy.retryDelay(3)).isEqualTo(Duration.ofSeconds(1350));
        assertThat(policy.retryDelay(6)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void retryDelayShouldBeConstantWithAMultiplierOfOne() {
        ContinuityPolicy policy = parse("retry.multiplier", "1");

        assertThat(policy.retryDelay(1)).isEqualTo(Duration.ofMinutes(30));
        assertThat(policy.retryDelay(20)).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void retryDelayShouldNeverBeShorterThanTheInitialDelay() {
        assertThat(ContinuityPolicy.DEFAULT.retryDelay(0)).isEqualTo(Duration.ofMinutes(30));
    }
}
