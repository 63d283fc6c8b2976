package io.emergencyinbox.core.notice;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import com.google.common.base.Preconditions;

import io.emergencyinbox.core.spool.SpoolEntry;

/**
 * When a spooled message's sender hears from us: {@code delayed} notices at {@code arrival + first},
 * then every {@code every}, and a {@code failed} notice at {@code arrival + maxAge}.
 */
public final class NoticeSchedule {
    private final Duration first;
    private final Duration every;
    private final Duration maxAge;

    public NoticeSchedule(Duration first, Duration every, Duration maxAge) {
        Preconditions.checkArgument(!first.isNegative() && !first.isZero(), "first must be positive");
        Preconditions.checkArgument(!every.isNegative() && !every.isZero(), "every must be positive");
        Preconditions.checkArgument(!maxAge.isNegative() && !maxAge.isZero(), "maxAge must be positive");
        this.first = first;
        this.every = every;
        this.maxAge = maxAge;
    }

    public Duration first() {
        return first;
    }

    public Duration every() {
        return every;
    }

    public Duration maxAge() {
        return maxAge;
    }

    public Instant expiry(Instant arrival) {
        return arrival.plus(maxAge);
    }

    /** When the n-th delayed notice (counting from 1) is due. */
    public Instant delayedNoticeAt(Instant arrival, int n) {
        Preconditions.checkArgument(n >= 1, "notices are counted from 1");
        return arrival.plus(first).plus(every.multipliedBy(n - 1L));
    }

    /**
     * When the scheduler must next look at the entry: its next delayed notice or its expiry. Mail from
     * the null sender gets no notice (RFC 3461), so only its expiry matters.
     */
    public Instant nextCheck(SpoolEntry entry) {
        if (entry.sender().isNullSender()) {
            return entry.expiry();
        }
        Instant nextNotice = delayedNoticeAt(entry.arrival(), entry.delayedNoticesSent() + 1);
        return nextNotice.isBefore(entry.expiry()) ? nextNotice : entry.expiry();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof NoticeSchedule)) {
            return false;
        }
        NoticeSchedule that = (NoticeSchedule) o;
        return first.equals(that.first) && every.equals(that.every) && maxAge.equals(that.maxAge);
    }

    @Override
    public int hashCode() {
        return Objects.hash(first, every, maxAge);
    }

    @Override
    public String toString() {
        return "NoticeSchedule{first=" + first + ", every=" + every + ", maxAge=" + maxAge + "}";
    }
}
