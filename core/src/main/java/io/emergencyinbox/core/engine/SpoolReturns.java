package io.emergencyinbox.core.engine;

import java.util.List;

import javax.inject.Inject;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.collect.ImmutableList;

import io.emergencyinbox.core.inbox.EmergencyInbox;
import io.emergencyinbox.core.message.ContentSource;
import io.emergencyinbox.core.notice.FailureCause;
import io.emergencyinbox.core.notice.NoticeLedger;
import io.emergencyinbox.core.notice.SenderNotifier;
import io.emergencyinbox.core.outage.OutageCounter;
import io.emergencyinbox.core.outage.OutageStore;
import io.emergencyinbox.core.spool.RecipientStatus;
import io.emergencyinbox.core.spool.SpoolContentStore;
import io.emergencyinbox.core.spool.SpoolEntry;
import io.emergencyinbox.core.spool.SpoolRecipient;
import io.emergencyinbox.core.spool.SpoolStore;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Returns every still-pending recipient of an entry to its sender and removes the entry: the end of
 * a message we cannot deliver (expired, or purged by an administrator). The failed notice is
 * recorded before it is sent (docs/adr/0010), the inbox copies are flagged, the counters kept.
 */
public class SpoolReturns {
    private static final Logger LOGGER = LoggerFactory.getLogger(SpoolReturns.class);

    private final SpoolStore spool;
    private final SpoolContentStore contents;
    private final NoticeLedger ledger;
    private final SenderNotifier notifier;
    private final EmergencyInbox inbox;
    private final OutageStore outages;
    private final ContinuityMetrics metrics;

    @Inject
    public SpoolReturns(SpoolStore spool, SpoolContentStore contents, NoticeLedger ledger, SenderNotifier notifier,
                        EmergencyInbox inbox, OutageStore outages, ContinuityMetrics metrics) {
        this.spool = spool;
        this.contents = contents;
        this.ledger = ledger;
        this.notifier = notifier;
        this.inbox = inbox;
        this.outages = outages;
        this.metrics = metrics;
    }

    /** Returns the entry's pending recipients; returns how many recipients were returned. */
    public int returnToSender(SpoolEntry entry, FailureCause cause) {
        List<SpoolRecipient> pending = entry.pendingRecipients().stream()
            .map(recipient -> recipient.withStatus(RecipientStatus.BOUNCED))
            .collect(ImmutableList.toImmutableList());
        LOGGER.info("Spool entry {} {}: returning it to {} for {} recipient(s)", entry.id(),
            cause == FailureCause.EXPIRED ? "expired" : "purged", entry.sender().asString(), pending.size());
        if (!pending.isEmpty() && ledger.tryRecord(entry.id(), "failed").block()) {
            ContentSource content = contents.read(entry.id()).block();
            if (notifier.failed(entry, pending, cause, content).block()) {
                count(entry, OutageCounter.NOTICES_SENT, 1).block();
            }
        }
        Flux.fromIterable(pending)
            .filter(recipient -> recipient.inboxCopy().isPresent())
            .concatMap(recipient -> inbox.markReturned(recipient.address(), recipient.inboxCopy().get())
                .onErrorResume(e -> Mono.empty()))
            .then(count(entry, OutageCounter.BOUNCED, pending.size()))
            .then(spool.remove(entry.id()))
            .then(contents.delete(entry.id()))
            .then(ledger.forget(entry.id()))
            .block();
        metrics.bounced(pending.size());
        return pending.size();
    }

    private Mono<Void> count(SpoolEntry entry, OutageCounter counter, int value) {
        return Mono.justOrEmpty(entry.outage()).flatMap(outage -> outages.increment(outage, counter, value));
    }
}
