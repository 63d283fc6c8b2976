package io.emergencyinbox.core.policy;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import com.google.common.base.MoreObjects;
import com.google.common.base.Preconditions;

import io.emergencyinbox.core.notice.NoticeSchedule;

/**
 * An organisation's own notice schedule and maximum spool age, each overriding the gateway's
 * policy when present. Applies to mail spooled after it is set.
 */
public final class PolicyOverrides {
    public static final PolicyOverrides NONE = new PolicyOverrides(Optional.empty(), Optional.empty(), Optional.empty());
    public static final Duration SHORTEST_SPOOL_AGE = Duration.ofHours(1);
    public static final Duration LONGEST_SPOOL_AGE = Duration.ofDays(90);

    private final Optional<Duration> maxSpoolAge;
    private final Optional<Duration> firstDelayedNotice;
    private final Optional<Duration> delayedNoticeInterval;

    /** @throws IllegalArgumentException naming the field that is out of range */
    public PolicyOverrides(Optional<Duration> maxSpoolAge, Optional<Duration> firstDelayedNotice, Optional<Duration> delayedNoticeInterval) {
        maxSpoolAge.ifPresent(age -> Preconditions.checkArgument(age.compareTo(SHORTEST_SPOOL_AGE) >= 0 && age.compareTo(LONGEST_SPOOL_AGE) <= 0,
            "maxSpoolAge must be between 1h and 90d"));
        firstDelayedNotice.ifPresent(first -> Preconditions.checkArgument(!first.isNegative() && !first.isZero(),
            "firstDelayedNotice must be longer than 0"));
        delayedNoticeInterval.ifPresent(every -> Preconditions.checkArgument(every.compareTo(Duration.ofMinutes(30)) >= 0,
            "delayedNoticeInterval must be at least 30m"));
        this.maxSpoolAge = maxSpoolAge;
        this.firstDelayedNotice = firstDelayedNotice;
        this.delayedNoticeInterval = delayedNoticeInterval;
    }

    public Optional<Duration> maxSpoolAge() {
        return maxSpoolAge;
    }

    public Optional<Duration> firstDelayedNotice() {
        return firstDelayedNotice;
    }

    public Optional<Duration> delayedNoticeInterval() {
        return delayedNoticeInterval;
    }

    public boolean isEmpty() {
        return maxSpoolAge.isEmpty() && firstDelayedNotice.isEmpty() && delayedNoticeInterval.isEmpty();
    }

    /** The schedule these overrides give on top of the gateway's. */
    public NoticeSchedule applyTo(NoticeSchedule defaults) {
        return new NoticeSchedule(firstDelayedNotice.orElse(defaults.first()), delayedNoticeInterval.orElse(defaults.every()),
            maxSpoolAge.orElse(defaults.maxAge()));
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PolicyOverrides)) {
            return false;
        }
        PolicyOverrides that = (PolicyOverrides) o;
        return maxSpoolAge.equals(that.maxSpoolAge) && firstDelayedNotice.equals(that.firstDelayedNotice)
            && delayedNoticeInterval.equals(that.delayedNoticeInterval);
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxSpoolAge, firstDelayedNotice, delayedNoticeInterval);
    }

    @Override
    public String toString() {
        return MoreObjects.toStringHelper(this).add("maxSpoolAge", maxSpoolAge).add("firstDelayedNotice", firstDelayedNotice)
            .add("delayedNoticeInterval", delayedNoticeInterval).toString();
    }
}
