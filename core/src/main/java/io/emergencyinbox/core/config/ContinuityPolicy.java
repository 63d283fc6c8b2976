package io.emergencyinbox.core.config;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;

import com.google.common.base.MoreObjects;

import io.emergencyinbox.core.health.HealthPolicy;

/**
 * The static policy of the gateway, read from {@code continuity.properties} (docs/configuration.md
 * lists every key). Parsing is strict: unknown keys and invalid values stop start-up.
 */
public final class ContinuityPolicy {
    public static final String FILE_NAME = "continuity.properties";

    public static final ContinuityPolicy DEFAULT = parse(Map.of());

    public static ContinuityPolicy parse(Map<String, String> values) {
        StrictProperties properties = new StrictProperties(FILE_NAME, values);
        ContinuityPolicy policy = new ContinuityPolicy(properties);
        properties.rejectUnknownKeys();
        return policy;
    }

    private final String inboxMailbox;
    private final Duration inboxRetention;
    private final Duration probeInterval;
    private final HealthPolicy health;
    private final Duration retryInitialDelay;
    private final Duration retryMaxDelay;
    private final double retryMultiplier;
    private final int drainConcurrency;
    private final double drainRatePerSecond;
    private final Duration schedulerInterval;
    private final int schedulerPageSize;
    private final Duration leaseDuration;
    private final Duration maxSpoolAge;
    private final Duration firstDelayedNotice;
    private final Duration delayedNoticeInterval;
    private final boolean delayedNoticeWhenNotifyAbsent;
    private final String spoolDirectory;
    private final boolean spoolFsync;
    private final String heloName;
    private final Optional<MailAddress> noticeFrom;
    private final boolean copySentMailToOwnMailbox;

    private ContinuityPolicy(StrictProperties properties) {
        this.inboxMailbox = properties.string("inbox.mailbox", "Emergency");
        properties.check(!inboxMailbox.contains(".") && !inboxMailbox.contains("/") && inboxMailbox.length() <= 100,
            "inbox.mailbox", "must be a top-level mailbox name without '.' or '/' (at most 100 characters), got '" + inboxMailbox + "'");
        this.inboxRetention = positive(properties, "inbox.retention", Duration.ofDays(7));
        this.probeInterval = positive(properties, "probe.interval", Duration.ofSeconds(30));
        this.health = new HealthPolicy(
            properties.integer("health.failuresBeforeDown", 3, 1, 1000),
            properties.integer("health.successesBeforeUp", 2, 1, 1000));
        this.retryInitialDelay = positive(properties, "retry.initialDelay", Duration.ofMinutes(30));
        this.retryMaxDelay = positive(properties, "retry.maxDelay", Duration.ofHours(4));
        properties.check(retryMaxDelay.compareTo(retryInitialDelay) >= 0, "retry.maxDelay",
            "must not be shorter than retry.initialDelay");
        this.retryMultiplier = properties.decimal("retry.multiplier", 2.0, 1.0, 10.0);
        this.drainConcurrency = properties.integer("drain.concurrency", 8, 1, 256);
        this.drainRatePerSecond = properties.decimal("drain.ratePerSecond", 0, 0, 1_000_000);
        this.schedulerInterval = positive(properties, "scheduler.interval", Duration.ofSeconds(1));
        this.schedulerPageSize = properties.integer("scheduler.pageSize", 500, 1, 100_000);
        this.leaseDuration = positive(properties, "scheduler.leaseDuration", Duration.ofMinutes(10));
        this.maxSpoolAge = positive(properties, "spool.maxAge", Duration.ofDays(30));
        this.firstDelayedNotice = positive(properties, "notice.delayed.first", Duration.ofHours(4));
        this.delayedNoticeInterval = positive(properties, "notice.delayed.every", Duration.ofHours(24));
        this.delayedNoticeWhenNotifyAbsent = properties.bool("notice.delayed.whenNotifyAbsent", true);
        this.spoolDirectory = properties.string("spool.directory", "var/emergency-inbox/spool");
        this.spoolFsync = properties.bool("spool.fsync", true);
        this.heloName = properties.string("smtp.heloName", "localhost");
        this.noticeFrom = properties.parse("notice.from", ContinuityPolicy::mailAddress);
        this.copySentMailToOwnMailbox = properties.bool("sent.copyToOwnMailbox", true);
    }

    private static MailAddress mailAddress(String value) {
        try {
            return new MailAddress(value);
        } catch (AddressException e) {
            throw new IllegalArgumentException("'" + value + "' is not a mail address");
        }
    }

    private static Duration positive(StrictProperties properties, String key, Duration defaultValue) {
        Duration value = properties.duration(key, defaultValue);
        properties.check(!value.isZero(), key, "must be longer than 0");
        return value;
    }

    /** Name of the Emergency Inbox mailbox in each user's account. */
    public String inboxMailbox() {
        return inboxMailbox;
    }

    /** How long copies stay in the Emergency Inbox after their delivery downstream. */
    public Duration inboxRetention() {
        return inboxRetention;
    }

    public Duration probeInterval() {
        return probeInterval;
    }

    public HealthPolicy health() {
        return health;
    }

    public Duration retryInitialDelay() {
        return retryInitialDelay;
    }

    public Duration retryMaxDelay() {
        return retryMaxDelay;
    }

    public double retryMultiplier() {
        return retryMultiplier;
    }

    public int drainConcurrency() {
        return drainConcurrency;
    }

    /** Messages per second per route while draining; 0 means no limit. */
    public double drainRatePerSecond() {
        return drainRatePerSecond;
    }

    public Duration schedulerInterval() {
        return schedulerInterval;
    }

    public int schedulerPageSize() {
        return schedulerPageSize;
    }

    /** How long a worker may hold a spool entry before another may take it (a crashed node's work). */
    public Duration leaseDuration() {
        return leaseDuration;
    }

    public Duration maxSpoolAge() {
        return maxSpoolAge;
    }

    public Duration firstDelayedNotice() {
        return firstDelayedNotice;
    }

    public Duration delayedNoticeInterval() {
        return delayedNoticeInterval;
    }

    public boolean delayedNoticeWhenNotifyAbsent() {
        return delayedNoticeWhenNotifyAbsent;
    }

    public String spoolDirectory() {
        return spoolDirectory;
    }

    public boolean spoolFsync() {
        return spoolFsync;
    }

    /** The name the gateway gives itself in EHLO and in the Reporting-MTA of its notices. */
    public String heloName() {
        return heloName;
    }

    /**
     * Whether what a user sends from the Emergency Inbox during an outage is also delivered, after
     * recovery, to their own mailbox on their organisation's server.
     */
    public boolean copySentMailToOwnMailbox() {
        return copySentMailToOwnMailbox;
    }

    /** The sender address of notices; James's postmaster when absent. */
    public Optional<MailAddress> noticeFrom() {
        return noticeFrom;
    }

    /** Delay before the n-th retry (n starting at 1) of a message that failed temporarily on an UP route. */
    public Duration retryDelay(int attempt) {
        double factor = Math.pow(retryMultiplier, Math.max(0, attempt - 1));
        double millis = retryInitialDelay.toMillis() * factor;
        return millis >= retryMaxDelay.toMillis() ? retryMaxDelay : Duration.ofMillis((long) millis);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ContinuityPolicy && o.toString().equals(toString());
    }

    @Override
    public int hashCode() {
        return Objects.hash(toString());
    }

    @Override
    public String toString() {
        return MoreObjects.toStringHelper(this)
            .add("inbox.mailbox", inboxMailbox).add("inbox.retention", inboxRetention)
            .add("probe.interval", probeInterval)
            .add("health.failuresBeforeDown", health.failuresBeforeDown()).add("health.successesBeforeUp", health.successesBeforeUp())
            .add("retry.initialDelay", retryInitialDelay).add("retry.maxDelay", retryMaxDelay).add("retry.multiplier", retryMultiplier)
            .add("drain.concurrency", drainConcurrency).add("drain.ratePerSecond", drainRatePerSecond)
            .add("scheduler.interval", schedulerInterval).add("scheduler.pageSize", schedulerPageSize)
            .add("scheduler.leaseDuration", leaseDuration).add("spool.maxAge", maxSpoolAge)
            .add("notice.delayed.first", firstDelayedNotice).add("notice.delayed.every", delayedNoticeInterval)
            .add("notice.delayed.whenNotifyAbsent", delayedNoticeWhenNotifyAbsent)
            .add("spool.directory", spoolDirectory).add("spool.fsync", spoolFsync).add("smtp.heloName", heloName).add("notice.from", noticeFrom).add("sent.copyToOwnMailbox", copySentMailToOwnMailbox)
            .toString();
    }
}
