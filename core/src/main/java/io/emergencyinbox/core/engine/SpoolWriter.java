package io.emergencyinbox.core.engine;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.collect.ImmutableList;

import io.emergencyinbox.core.inbox.EmergencyInbox;
import io.emergencyinbox.core.message.ContentSource;
import io.emergencyinbox.core.message.Envelope;
import io.emergencyinbox.core.notice.NoticeSchedule;
import io.emergencyinbox.core.notice.NoticeSchedules;
import io.emergencyinbox.core.organisation.OrganisationId;
import io.emergencyinbox.core.outage.OutageCounter;
import io.emergencyinbox.core.outage.OutageStore;
import io.emergencyinbox.core.spool.SpoolContentStore;
import io.emergencyinbox.core.spool.SpoolEntry;
import io.emergencyinbox.core.spool.SpoolEntryId;
import io.emergencyinbox.core.spool.SpoolEntryNotFoundException;
import io.emergencyinbox.core.spool.SpoolRecipient;
import io.emergencyinbox.core.spool.SpoolStore;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Puts a message in the spool: content first, then metadata (the commit point), then one Emergency
 * Inbox copy per recipient with an account, then the outage counters. When {@link #spool} completes
 * the message is safe, so the mail pipeline may forget it (DESIGN invariant 2, "commit before ghost").
 */
public class SpoolWriter {
    private static final Logger LOGGER = LoggerFactory.getLogger(SpoolWriter.class);

    private final SpoolStore spool;
    private final SpoolContentStore contents;
    private final EmergencyInbox inbox;
    private final OutageStore outages;
    private final NoticeSchedules schedules;
    private final ContinuityMetrics metrics;

    @Inject
    public SpoolWriter(SpoolStore spool, SpoolContentStore contents, EmergencyInbox inbox, OutageStore outages,
                       NoticeSchedules schedules, ContinuityMetrics metrics) {
        this.spool = spool;
        this.contents = contents;
        this.inbox = inbox;
        this.outages = outages;
        this.schedules = schedules;
        this.metrics = metrics;
    }

    /**
     * A new entry for the envelope, due for an attempt at arrival, with the organisation's expiry and
     * first notice time. Callers adjust attempts, failures and outage before {@link #spool}.
     */
    public Mono<SpoolEntry.Builder> newEntry(OrganisationId organisation, Envelope envelope, Instant arrival, long size,
                                             Optional<String> subject) {
        return schedules.of(organisation).map(schedule -> {
            SpoolEntry.Builder builder = SpoolEntry.builder()
                .id(SpoolEntryId.random())
                .organisation(organisation)
                .sender(envelope.sender())
                .ret(envelope.ret())
                .envelopeId(envelope.envelopeId())
                .recipients(envelope.recipients().stream().map(SpoolRecipient::pending).collect(ImmutableList.toImmutableList()))
                .arrival(arrival)
                .expiry(schedule.expiry(arrival))
                .nextAttempt(arrival)
                .size(size)
                .subject(subject.map(SpoolWriter::truncate));
            return builder.nextNoticeAt(schedule.nextCheck(builder.build()));
        });
    }

    public Mono<SpoolEntry> spool(SpoolEntry entry, ContentSource content) {
        return spool(entry, content, Mono.empty());
    }

    /**
     * Spools the message and runs {@code onCommitted} as soon as the entry is written, before it is counted and
     * before the Emergency Inbox copies are made (a copy lost to a crash in between is made again from the spool
     * at start; a count lost so is what a crash can cost the outage counters).
     */
    public Mono<SpoolEntry> spool(SpoolEntry entry, ContentSource content, Mono<Void> onCommitted) {
        return commit(entry, content, onCommitted).then(makeInboxCopies(entry, content));
    }

    /** Spools a message nobody should see in an Emergency Inbox (a copy of the user's own sent mail). */
    public Mono<SpoolEntry> spoolWithoutInboxCopies(SpoolEntry entry, ContentSource content) {
        return commit(entry, content, Mono.empty()).thenReturn(entry);
    }

    /** {@code onCommitted} runs right after the entry is written, before anything counts it. */
    private Mono<Void> commit(SpoolEntry entry, ContentSource content, Mono<Void> onCommitted) {
        return contents.save(entry.id(), content)
            .then(spool.add(entry).onErrorResume(failure -> forgetContent(entry, failure)))
            .then(onCommitted)
            .doOnSuccess(any -> metrics.spooled(entry.pendingRecipients().size()))
            .then(countSpooled(entry));
    }

    /** The entry was not written: its content would be an orphan nobody reads or removes. */
    private Mono<Void> forgetContent(SpoolEntry entry, Throwable failure) {
        return contents.delete(entry.id())
            .onErrorResume(deleteFailure -> {
                LOGGER.warn("Could not remove the content of spool entry {} after its entry failed to be written", entry.id(),
                    deleteFailure);
                return Mono.empty();
            })
            .then(Mono.error(failure));
    }

    private Mono<Void> countSpooled(SpoolEntry entry) {
        return Mono.justOrEmpty(entry.outage())
            .flatMap(outage -> outages.increment(outage, OutageCounter.SPOOLED, entry.pendingRecipients().size()));
    }

    private Mono<SpoolEntry> makeInboxCopies(SpoolEntry entry, ContentSource content) {
        return Flux.fromIterable(entry.pendingRecipients())
            .concatMap(recipient -> inbox.addCopy(recipient.address(), entry.id(), content)
                .map(copy -> copy.map(recipient::withInboxCopy).orElse(recipient))
                .onErrorResume(e -> {
                    LOGGER.error("Could not copy spool entry {} to the Emergency Inbox of {}; the message stays spooled",
                        entry.id(), recipient.address().asString(), e);
                    return Mono.just(recipient);
                }))
            .collectList()
            .flatMap(updated -> {
                SpoolEntry withCopies = entry.with(builder -> builder.recipients(merge(entry, updated)));
                if (withCopies.equals(entry)) {
                    return Mono.just(entry);
                }
                return spool.update(withCopies).thenReturn(withCopies)
                    .onErrorResume(SpoolEntryNotFoundException.class, e -> Mono.just(withCopies));
            });
    }

    private static ImmutableList<SpoolRecipient> merge(SpoolEntry entry, List<SpoolRecipient> updated) {
        return entry.recipients().stream()
            .map(recipient -> updated.stream().filter(u -> u.address().equals(recipient.address())).findFirst().orElse(recipient))
            .collect(ImmutableList.toImmutableList());
    }

    private static String truncate(String subject) {
        return subject.length() <= 200 ? subject : subject.substring(0, 200);
    }

    /** The schedule is exposed for components that recompute notice times. */
    public Mono<NoticeSchedule> scheduleOf(OrganisationId organisation) {
        return schedules.of(organisation);
    }
}
