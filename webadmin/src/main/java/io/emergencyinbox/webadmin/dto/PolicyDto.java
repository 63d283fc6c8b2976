package io.emergencyinbox.webadmin.dto;

import java.time.Duration;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.emergencyinbox.core.config.DurationValue;
import io.emergencyinbox.core.notice.NoticeSchedule;
import io.emergencyinbox.core.policy.PolicyOverrides;

/**
 * An organisation's notice schedule and maximum spool age, as durations ({@code "10d"}, {@code "2h"}):
 * {@code {"maxSpoolAge":"10d","firstDelayedNotice":"2h","delayedNoticeInterval":"12h"}}. Absent fields
 * follow the gateway's policy.
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public final class PolicyDto {
    public final Optional<String> maxSpoolAge;
    public final Optional<String> firstDelayedNotice;
    public final Optional<String> delayedNoticeInterval;

    @JsonCreator
    public PolicyDto(@JsonProperty("maxSpoolAge") Optional<String> maxSpoolAge,
                     @JsonProperty("firstDelayedNotice") Optional<String> firstDelayedNotice,
                     @JsonProperty("delayedNoticeInterval") Optional<String> delayedNoticeInterval) {
        this.maxSpoolAge = maxSpoolAge == null ? Optional.empty() : maxSpoolAge;
        this.firstDelayedNotice = firstDelayedNotice == null ? Optional.empty() : firstDelayedNotice;
        this.delayedNoticeInterval = delayedNoticeInterval == null ? Optional.empty() : delayedNoticeInterval;
    }

    public static PolicyDto of(PolicyOverrides overrides) {
        return new PolicyDto(overrides.maxSpoolAge().map(DurationValue::format), overrides.firstDelayedNotice().map(DurationValue::format),
            overrides.delayedNoticeInterval().map(DurationValue::format));
    }

    public static PolicyDto of(NoticeSchedule schedule) {
        return new PolicyDto(Optional.of(DurationValue.format(schedule.maxAge())), Optional.of(DurationValue.format(schedule.first())),
            Optional.of(DurationValue.format(schedule.every())));
    }

    /** @throws IllegalArgumentException naming the invalid field */
    public PolicyOverrides toOverrides() {
        return new PolicyOverrides(duration("maxSpoolAge", maxSpoolAge), duration("firstDelayedNotice", firstDelayedNotice),
            duration("delayedNoticeInterval", delayedNoticeInterval));
    }

    private static Optional<Duration> duration(String field, Optional<String> value) {
        try {
            return value.map(DurationValue::parse);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + field + "': " + e.getMessage());
        }
    }

    /** The body of {@code GET .../policy}: what the organisation set, and what applies. */
    public static final class View {
        public final PolicyDto overrides;
        public final PolicyDto effective;

        public View(PolicyDto overrides, PolicyDto effective) {
            this.overrides = overrides;
            this.effective = effective;
        }
    }
}
