package io.emergencyinbox.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationValueTest {

    @Test
    void everyUnitShouldBeParsed() {
        assertThat(DurationValue.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationValue.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(DurationValue.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(DurationValue.parse("4h")).isEqualTo(Duration.ofHours(4));
        assertThat(DurationValue.parse("30d")).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void zeroShouldBeParsed() {
        assertThat(DurationValue.parse("0s")).isEqualTo(Duration.ZERO);
    }

    @Test
    void spacesAroundAndBeforeTheUnitShouldBeAccepted() {
        assertThat(DurationValue.parse(" 4 h ")).isEqualTo(Duration.ofHours(4));
        assertThat(DurationValue.parse("250 ms")).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void theLargestAmountShouldBeParsed() {
        assertThat(DurationValue.parse("999999999d")).isEqualTo(Duration.ofDays(999_999_999));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "30", "s", "m5", "-5m", "+5m", "1.5h", "5 minutes", "5M", "5H", "5sec", "1h30m",
        "1234567890s", "5 s x", "PT5M"})
    void malformedDurationsShouldBeRejected(String value) {
        assertThatThrownBy(() -> DurationValue.parse(value))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("'" + value + "'")
            .hasMessageContaining("is not a duration");
    }

    @Test
    void formatShouldUseTheLargestExactUnit() {
        assertThat(DurationValue.format(Duration.ofDays(30))).isEqualTo("30d");
        assertThat(DurationValue.format(Duration.ofHours(48))).isEqualTo("2d");
        assertThat(DurationValue.format(Duration.ofHours(36))).isEqualTo("36h");
        assertThat(DurationValue.format(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(DurationValue.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(DurationValue.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(DurationValue.format(Duration.ofMillis(1))).isEqualTo("1ms");
        assertThat(DurationValue.format(Duration.ZERO)).isEqualTo("0s");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1ms", "999ms", "1500ms", "1s", "59s", "61s", "1m", "90m", "1h", "23h", "25h", "1d", "30d", "0s"})
    void formatShouldReadBackAsTheSameDuration(String value) {
        Duration duration = DurationValue.parse(value);

        assertThat(DurationValue.parse(DurationValue.format(duration))).isEqualTo(duration);
    }
}
