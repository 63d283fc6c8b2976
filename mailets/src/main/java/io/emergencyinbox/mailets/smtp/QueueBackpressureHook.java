package io.emergencyinbox.mailets.smtp;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Set;
import java.util.function.LongSupplier;

import javax.inject.Inject;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.MailHook;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.ManageableMailQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.emergencyinbox.core.config.DurationValue;

/**
 * Flow control between SMTP and the mail pipeline, like Postfix's {@code in_flow_delay}: before a new
 * transaction ({@code MAIL FROM}) is answered, waits while James's spool queue holds more than
 * {@code maxQueued} mails, at most {@code maxWait}, then lets the transaction go on.
 *
 * <p>Without it James answers {@code 250} as fast as it can read, while the pipeline that spools mail
 * durably and shows it in the Emergency Inbox is slower: the difference piles up in the queue, where the
 * memory server keeps it in RAM (lost by a crash) and where it waits seconds before anyone can read it.
 * Holding senders at a short queue keeps accepted mail a fraction of a second from durable and visible.
 * Senders are only slowed, never refused: after {@code maxWait} the transaction proceeds.
 *
 * <p>Needs a queue that counts itself cheaply (our memory queue, or the on-disk queue through its broker's
 * statistics); the sessions share one count, asked of the queue at most once per poll interval. Declared in
 * {@code smtpserver.xml}:
 * <pre>{@code
 * <handler class="io.emergencyinbox.mailets.smtp.QueueBackpressureHook">
 *     <maxQueued>40</maxQueued>
 *     <maxWait>10s</maxWait>
 * </handler>
 * }</pre>
 */
public class QueueBackpressureHook implements MailHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(QueueBackpressureHook.class);
    /** Twice the pipeline's 20 spooler threads: they never wait, and accepted mail waits little (ADR 51). */
    static final int DEFAULT_MAX_QUEUED = 40;
    static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(10);
    static final Duration POLL_INTERVAL = Duration.ofMillis(5);
    private static final Set<String> KEYS = Set.of("[@class]", "maxQueued", "maxWait");

    /** Waits between two looks at the queue; a test passes one that moves its clock. */
    interface Pause {
        void pause(Duration duration) throws InterruptedException;
    }

    private final MailQueueFactory<?> queues;
    private final Clock clock;
    private final Pause pause;
    private LongSupplier queued = () -> 0;
    private long maxQueued = DEFAULT_MAX_QUEUED;
    private Duration maxWait = DEFAULT_MAX_WAIT;

    @Inject
    public QueueBackpressureHook(MailQueueFactory<?> queues, Clock clock) {
        this(queues, clock, duration -> Thread.sleep(duration.toMillis()));
    }

    QueueBackpressureHook(MailQueueFactory<?> queues, Clock clock, Pause pause) {
        this.queues = queues;
        this.clock = clock;
        this.pause = pause;
    }

    @Override
    public void init(Configuration config) throws ConfigurationException {
        for (Iterator<String> keys = config.getKeys(); keys.hasNext(); ) {
            String key = keys.next();
            if (!KEYS.contains(key)) {
                throw invalid(key, "is not a setting of this handler (known: maxQueued, maxWait)");
            }
        }
        String maxQueuedValue = config.getString("maxQueued", String.valueOf(DEFAULT_MAX_QUEUED)).trim();
        try {
            maxQueued = Long.parseLong(maxQueuedValue);
        } catch (NumberFormatException e) {
            maxQueued = -1;
        }
        if (maxQueued < 1) {
            throw invalid("maxQueued", "must be a whole number of mails of at least 1, got '" + maxQueuedValue + "'");
        }
        try {
            maxWait = DurationValue.parse(config.getString("maxWait", DurationValue.format(DEFAULT_MAX_WAIT)));
        } catch (IllegalArgumentException e) {
            throw invalid("maxWait", e.getMessage());
        }
        MailQueue queue = queues.createQueue(MailQueueFactory.SPOOL);
        if (!(queue instanceof ManageableMailQueue)) {
            throw invalid("[@class]", "needs a spool queue that can count its mails; " + queue.getClass().getName()
                + " cannot: remove this handler");
        }
        ManageableMailQueue manageable = (ManageableMailQueue) queue;
        queued = new SharedQueueCount(() -> {
            try {
                return manageable.getSize();
            } catch (Exception e) {
                return 0; // cannot count: never hold a sender for that
            }
        }, POLL_INTERVAL, clock);
    }

    private static ConfigurationException invalid(String key, String problem) {
        return new ConfigurationException("smtpserver.xml: handler " + QueueBackpressureHook.class.getName()
            + ", key " + key + ": " + problem);
    }

    @Override
    public HookResult doMail(SMTPSession session, MaybeSender sender) {
        holdWhileQueueIsFull();
        return HookResult.DECLINED;
    }

    void holdWhileQueueIsFull() {
        if (queued.getAsLong() <= maxQueued) {
            return;
        }
        Instant start = clock.instant();
        Instant deadline = start.plus(maxWait);
        try {
            while (queued.getAsLong() > maxQueued) {
                if (!clock.instant().isBefore(deadline)) {
                    LOGGER.warn("James's spool queue still holds more than {} mails after {}: accepting a new transaction anyway",
                        maxQueued, DurationValue.format(maxWait));
                    return;
                }
                pause.pause(POLL_INTERVAL);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** For tests: a queue count that is not James's. */
    void countQueueWith(LongSupplier count) {
        this.queued = count;
    }
}
