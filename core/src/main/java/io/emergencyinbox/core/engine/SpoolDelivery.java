package io.emergencyinbox.core.engine;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.collect.ImmutableList;

import io.emergencyinbox.core.config.ContinuityPolicy;
import io.emergencyinbox.core.delivery.DeliveryResult;
import io.emergencyinbox.core.delivery.DownstreamSession;
import io.emergencyinbox.core.delivery.RecipientOutcome;
import io.emergencyinbox.core.delivery.RouteUnavailableException;
import io.emergencyinbox.core.inbox.EmergencyInbox;
import io.emergencyinbox.core.inbox.InboxCopy;
import io.emergencyinbox.core.inbox.RetentionLedger;
import io.emergencyinbox.core.message.ContentSource;
import io.emergencyinbox.core.notice.FailureCause;
import io.emergencyinbox.core.notice.NoticeLedger;
import io.emergencyinbox.core.notice.SenderNotifier;
import io.emergencyinbox.core.outage.OutageCounter;
import io.emergencyinbox.core.outage.OutageStore;
import io.emergencyinbox.core.spool.AttemptFailure;
import io.emergencyinbox.core.spool.RecipientStatus;
import io.emergencyinbox.core.spool.SpoolContentStore;
import io.emergencyinbox.core.spool.SpoolEntry;
import io.emergencyinbox.core.spool.SpoolRecipient;
import io.emergencyinbox.core.spool.SpoolStore;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One delivery attempt of one spool entry over an open session, and everything that follows from
 * the answers: delivered recipients leave the spool (their inbox copies are flagged and scheduled for
 * removal), refused ones are returned to the sender, deferred ones wait for their backoff.
 */
public class SpoolDelivery {
    private static final Logger LOGGER = LoggerFactory.getLogger(SpoolDelivery.class);

    public enum Result {
        /** No recipient is pending any more: the entry left the spool. */
        COMPLETED,
        /** Some recipients were deferred: the entry waits for its next attempt. */
        DEFERRED
    }

    private final SpoolStore spool;
    private final SpoolContentStore contents;
    private final EmergencyInbox inbox;
    private final RetentionLedger retention;
    private final OutageStore outages;
    private final SenderNotifier notifier;
    private final NoticeLedger ledger;
    private final ContinuityMetrics metrics;
    private final ContinuityPolicy policy;
    private final Clock clock;

    @Inject
    public SpoolDelivery(SpoolStore spool, SpoolContentStore contents, EmergencyInbox inbox, RetentionLedger retention,
                         OutageStore outages, SenderNotifier notifier, NoticeLedger ledger, ContinuityMetrics metrics,
                         ContinuityPolicy policy, Clock clock) {
        this.spool = spool;
        this.contents = contents;
        this.inbox = inbox;
        this.retention = retention;
        this.outages = outages;
        this.notifier = notifier;
        this.ledger = ledger;
        this.metrics = metrics;
        this.policy = policy;
        this.clock = clock;
    }

    /**
     * @throws RouteUnavailableException when the route failed as a whole; the entry is then untouched
     *     but for its last failure, and stays due.
     */
    public Result attempt(SpoolEntry entry, DownstreamSession session) throws RouteUnavailableException {
        ContentSource content = contents.read(entry.id()).block();
        DeliveryResult result;
        try {
            result = session.deliver(entry.pendingEnvelope(), content);
        } catch (RouteUnavailableException e) {
            AttemptFailure failure = AttemptFailure.ofConnection(clock.instant(), e.getMessage());
            spool.update(entry.with(builder -> builder.lastFailure(Optional.of(failure))))
                .onErrorResume(error -> Mono.empty())
                .block();
            throw e;
        }
        return apply(entry, result, content);
    }

    private Result apply(SpoolEntry entry, DeliveryResult result, ContentSource content) {
        Instant now = clock.instant();
        List<SpoolRecipient> delivered = new ArrayList<>();
        List<SpoolRecipient> refused = new ArrayList<>();
        SpoolEntry updated = entry;
        for (RecipientOutcome outcome : result.outcomes()) {
            SpoolRecipient recipient = entry.recipient(outcome.recipient()).orElseThrow();
            switch (outcome.kind()) {
                case DELIVERED:
                    recipient = recipient.withStatus(RecipientStatus.DELIVERED);
                    delivered.add(recipient);
                    break;
                case PERMANENT_FAILURE:
                    recipient = recipient.withStatus(RecipientStatus.BOUNCED)
                        .withFailure(AttemptFailure.ofReply(now, outcome.remoteMta(), outcome.reply().orElseThrow()));
                    refused.add(recipient);
                    break;
                default:
                    recipient = recipient.withFailure(AttemptFailure.ofReply(now, outcome.remoteMta(), outcome.reply().orElseThrow()));
            }
            updated = updated.withRecipient(recipient);
        }
        SpoolEntry afterAttempt = updated;
        Mono<Void> bookkeeping = Mono.when(
            afterDelivery(entry, delivered, now),
            afterRefusal(afterAttempt, refused, content));
        if (!afterAttempt.hasPendingRecipients()) {
            spool.remove(entry.id()).then(bookkeeping).then(contents.delete(entry.id())).then(ledger.forget(entry.id())).block();
            return Result.COMPLETED;
        }
        int attempts = entry.attempts() + 1;
        SpoolEntry deferred = afterAttempt.with(builder -> builder
            .attempts(attempts)
            .nextAttempt(now.plus(policy.retryDelay(attempts)))
            .lastFailure(Optional.empty()));
        spool.update(deferred).then(bookkeeping).block();
        return Result.DEFERRED;
    }

    private Mono<Void> afterDelivery(SpoolEntry entry, List<SpoolRecipient> delivered, Instant now) {
        if (delivered.isEmpty()) {
            return Mono.empty();
        }
        metrics.drained(delivered.size());
        Instant removeAfter = now.plus(policy.inboxRetention());
        return Flux.fromIterable(delivered)
            .filter(recipient -> recipient.inboxCopy().isPresent())
            .concatMap(recipient -> inbox.markDelivered(recipient.address(), recipient.inboxCopy().get())
                .then(retention.schedule(new InboxCopy(recipient.address(), recipient.inboxCopy().get(), removeAfter)))
                .onErrorResume(e -> {
                    LOGGER.warn("Could not flag the inbox copy of {} for {} as delivered", entry.id(), recipient.address().asString(), e);
                    return Mono.empty();
                }))
            .then(count(entry, OutageCounter.DELIVERED, delivered.size()));
    }

    private Mono<Void> afterRefusal(SpoolEntry entry, List<SpoolRecipient> refused, ContentSource content) {
        if (refused.isEmpty()) {
            return Mono.empty();
        }
        metrics.bounced(refused.size());
        return notifier.failed(entry, ImmutableList.copyOf(refused), FailureCause.PERMANENT_REPLY, content)
            .flatMap(sent -> sent ? count(entry, OutageCounter.NOTICES_SENT, 1) : Mono.empty())
            .then(Flux.fromIterable(refused)
                .filter(recipient -> recipient.inboxCopy().isPresent())
                .concatMap(recipient -> inbox.markReturned(recipient.address(), recipient.inboxCopy().get())
                    .onErrorResume(e -> Mono.empty()))
                .then())
            .then(count(entry, OutageCounter.BOUNCED, refused.size()));
    }

    private Mono<Void> count(SpoolEntry entry, OutageCounter counter, int recipients) {
        return Mono.justOrEmpty(entry.outage())
            .flatMap(outage -> outages.increment(outage, counter, recipients));
    }
}
