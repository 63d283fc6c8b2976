package io.emergencyinbox.core.engine;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.collect.ImmutableList;
import com.google.common.util.concurrent.ThreadFactoryBuilder;

import io.emergencyinbox.core.config.ContinuityPolicy;
import io.emergencyinbox.core.inbox.EmergencyInbox;
import io.emergencyinbox.core.message.ContentSource;
import io.emergencyinbox.core.organisation.Organisation;
import io.emergencyinbox.core.organisation.OrganisationStore;
import io.emergencyinbox.core.spool.SpoolContentStore;
import io.emergencyinbox.core.spool.SpoolCursor;
import io.emergencyinbox.core.spool.SpoolEntry;
import io.emergencyinbox.core.spool.SpoolEntryId;
import io.emergencyinbox.core.spool.SpoolEntryNotFoundException;
import io.emergencyinbox.core.spool.SpoolLeases;
import io.emergencyinbox.core.spool.SpoolRecipient;
import io.emergencyinbox.core.spool.SpoolStore;

/**
 * Puts back the Emergency Inbox copies a mailbox store lost while the spool kept their messages: James's
 * in-memory mailboxes are empty after a restart, while a spool in Cassandra still owes every message (DESIGN
 * invariant 3, "exactly one inbox copy ... across restarts"). The spool records which pending recipients had a
 * copy; for each whose copy's mailbox is gone ({@link EmergencyInbox#wasLost}), a new copy is made from the
 * spooled content and its id recorded. Copies a user deleted from a mailbox that still exists stay deleted.
 *
 * <p>{@link #restoreLostCopies()} walks the spool of every organisation in arrival order, a page at a time, and
 * restores the entries of a page {@value #CONCURRENCY} at a time: on Cassandra each entry costs several
 * lightweight transactions (lease, update), which one at a time made 2,000 messages take over a minute. A restored
 * copy is received at its message's arrival, so the mailbox lists it where it belongs.
 * An entry is changed under its lease, like a delivery attempt or a notice, so that no other worker's update is
 * lost; entries leased by someone else (a crashed node's lease runs until it expires) are returned, to be
 * tried again with {@link #retry}.
 */
public class InboxRestorer {
    private static final Logger LOGGER = LoggerFactory.getLogger(InboxRestorer.class);
    static final int CONCURRENCY = 8;

    /** What a pass did. */
    public static final class Report {
        private final long entriesRead;
        private final long copiesRestored;
        private final ImmutableList<SpoolEntryId> leasedElsewhere;

        Report(long entriesRead, long copiesRestored, List<SpoolEntryId> leasedElsewhere) {
            this.entriesRead = entriesRead;
            this.copiesRestored = copiesRestored;
            this.leasedElsewhere = ImmutableList.copyOf(leasedElsewhere);
        }

        public long entriesRead() {
            return entriesRead;
        }

        public long copiesRestored() {
            return copiesRestored;
        }

        /** Entries with lost copies that another worker held: to try again. */
        public ImmutableList<SpoolEntryId> leasedElsewhere() {
            return leasedElsewhere;
        }

        @Override
        public String toString() {
            return entriesRead + " spool entries read, " + copiesRestored + " copies restored, "
                + leasedElsewhere.size() + " entries leased elsewhere";
        }
    }

    private enum Outcome {
        UNCHANGED, LEASED_ELSEWHERE
    }

    private final OrganisationStore organisations;
    private final SpoolStore spool;
    private final SpoolContentStore contents;
    private final SpoolLeases leases;
    private final EmergencyInbox inbox;
    private final ContinuityPolicy policy;
    private final Clock clock;
    private final String node = "inbox-restorer-" + UUID.randomUUID();

    @Inject
    public InboxRestorer(OrganisationStore organisations, SpoolStore spool, SpoolContentStore contents, SpoolLeases leases,
                         EmergencyInbox inbox, ContinuityPolicy policy, Clock clock) {
        this.organisations = organisations;
        this.spool = spool;
        this.contents = contents;
        this.leases = leases;
        this.inbox = inbox;
        this.policy = policy;
        this.clock = clock;
    }

    /** One pass over the whole spool, a page at a time. */
    public Report restoreLostCopies() {
        long read = 0;
        long restored = 0;
        List<SpoolEntryId> leasedElsewhere = new ArrayList<>();
        ExecutorService workers = newWorkers();
        try {
            for (Organisation organisation : organisations.list().collectList().block()) {
                Optional<SpoolCursor> cursor = Optional.empty();
                while (true) {
                    List<SpoolEntry> page = spool.browse(organisation.id(), cursor, policy.schedulerPageSize()).collectList().block();
                    List<Map.Entry<Outcome, Integer>> results = restoreAll(page, workers);
                    for (int i = 0; i < page.size(); i++) {
                        read++;
                        restored += results.get(i).getValue();
                        if (results.get(i).getKey() == Outcome.LEASED_ELSEWHERE) {
                            leasedElsewhere.add(page.get(i).id());
                        }
                    }
                    if (page.size() < policy.schedulerPageSize()) {
                        break;
                    }
                    SpoolEntry last = page.get(page.size() - 1);
                    cursor = Optional.of(SpoolCursor.after(last));
                }
            }
        } finally {
            workers.shutdownNow();
        }
        Report report = new Report(read, restored, leasedElsewhere);
        if (restored > 0 || !leasedElsewhere.isEmpty()) {
            LOGGER.info("Emergency Inbox copies restored from the spool: {}", report);
        }
        return report;
    }

    /** Tries again the entries a pass found leased elsewhere. */
    public Report retry(List<SpoolEntryId> entries) {
        long read = 0;
        long restored = 0;
        List<SpoolEntryId> leasedElsewhere = new ArrayList<>();
        for (SpoolEntryId id : entries) {
            Optional<SpoolEntry> entry = spool.get(id).blockOptional();
            if (entry.isEmpty()) {
                continue;
            }
            read++;
            Map.Entry<Outcome, Integer> result = restore(entry.get());
            restored += result.getValue();
            if (result.getKey() == Outcome.LEASED_ELSEWHERE) {
                leasedElsewhere.add(id);
            }
        }
        Report report = new Report(read, restored, leasedElsewhere);
        if (restored > 0) {
            LOGGER.info("Emergency Inbox copies restored from the spool (retry): {}", report);
        }
        return report;
    }

    /** Threads of one pass: never a shared Reactor pool, which James's own appends need. */
    private static ExecutorService newWorkers() {
        return Executors.newFixedThreadPool(CONCURRENCY,
            new ThreadFactoryBuilder().setNameFormat("emergency-inbox-restorer-%d").setDaemon(true).build());
    }

    /** The outcome of each entry of the page, in the page's order. */
    private List<Map.Entry<Outcome, Integer>> restoreAll(List<SpoolEntry> page, ExecutorService workers) {
        List<CompletableFuture<Map.Entry<Outcome, Integer>>> running = page.stream()
            .map(entry -> CompletableFuture.supplyAsync(() -> restore(entry), workers))
            .collect(Collectors.toList());
        return running.stream().map(CompletableFuture::join).collect(Collectors.toList());
    }

    private Map.Entry<Outcome, Integer> restore(SpoolEntry candidate) {
        if (lostCopies(candidate).isEmpty()) {
            return Map.entry(Outcome.UNCHANGED, 0);
        }
        Instant now = clock.instant();
        if (!leases.tryAcquire(candidate.id(), node, now, now.plus(policy.leaseDuration())).block()) {
            return Map.entry(Outcome.LEASED_ELSEWHERE, 0);
        }
        try {
            Optional<SpoolEntry> current = spool.get(candidate.id()).blockOptional();
            List<SpoolRecipient> lost = current.map(this::lostCopies).orElse(List.of());
            if (lost.isEmpty()) {
                return Map.entry(Outcome.UNCHANGED, 0);
            }
            ContentSource content = contents.read(candidate.id()).block();
            Map<MailAddress, String> restored = new HashMap<>();
            for (SpoolRecipient recipient : lost) {
                restored.put(recipient.address(),
                    inbox.restoreCopy(recipient.address(), candidate.id(), content, current.get().arrival()).block());
            }
            SpoolEntry entry = current.get();
            spool.update(entry.with(builder -> builder.recipients(entry.recipients().stream()
                    .map(recipient -> Optional.ofNullable(restored.get(recipient.address()))
                        .map(recipient::withInboxCopy).orElse(recipient))
                    .collect(ImmutableList.toImmutableList()))))
                .block();
            return Map.entry(Outcome.UNCHANGED, restored.size());
        } catch (SpoolEntryNotFoundException e) {
            return Map.entry(Outcome.UNCHANGED, 0); // delivered or purged meanwhile
        } catch (RuntimeException e) {
            LOGGER.error("Could not restore the Emergency Inbox copies of spool entry {}; it stays spooled", candidate.id(), e);
            return Map.entry(Outcome.UNCHANGED, 0);
        } finally {
            leases.release(candidate.id(), node).block();
        }
    }

    private List<SpoolRecipient> lostCopies(SpoolEntry entry) {
        List<SpoolRecipient> lost = new ArrayList<>();
        for (SpoolRecipient recipient : entry.pendingRecipients()) {
            Optional<String> copy = recipient.inboxCopy();
            if (copy.isPresent() && inbox.wasLost(recipient.address(), copy.get()).block()) {
                lost.add(recipient);
            }
        }
        return lost;
    }
}
