package io.emergencyinbox.core.spool;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.stream.Collectors;

import org.apache.james.core.MailAddress;

import io.emergencyinbox.core.organisation.OrganisationId;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The spool's metadata in memory, with sorted indexes so that due-entry reads cost the size of the
 * page, not of the spool. Writes take one lock; reads walk concurrent skip lists. Counts are kept as
 * entries come and go, because a skip list counts its elements by walking them all.
 */
public class MemorySpoolStore implements SpoolStore {
    private static final Comparator<IndexKey> ORDER = Comparator.comparing((IndexKey key) -> key.time)
        .thenComparing(key -> key.tieBreak)
        .thenComparing(key -> key.id);

    private final Map<SpoolEntryId, SpoolEntry> entries = new ConcurrentHashMap<>();
    private final Map<OrganisationId, NavigableSet<IndexKey>> dueForDelivery = new ConcurrentHashMap<>();
    private final Map<OrganisationId, NavigableSet<IndexKey>> byArrival = new ConcurrentHashMap<>();
    private final NavigableSet<IndexKey> dueForNotice = new ConcurrentSkipListSet<>(ORDER);
    private final Map<MailAddress, NavigableSet<IndexKey>> pendingByRecipient = new ConcurrentHashMap<>();
    private final Map<OrganisationId, Integer> countByOrganisation = new ConcurrentHashMap<>();
    private final Map<MailAddress, Integer> pendingCountByRecipient = new ConcurrentHashMap<>();

    @Override
    public Mono<Void> add(SpoolEntry entry) {
        return Mono.fromRunnable(() -> {
            synchronized (this) {
                SpoolEntry previous = entries.put(entry.id(), entry);
                if (previous != null) {
                    unindex(previous);
                }
                index(entry);
            }
        });
    }

    @Override
    public Mono<SpoolEntry> get(SpoolEntryId id) {
        return Mono.fromCallable(() -> entries.get(id));
    }

    @Override
    public Mono<Void> update(SpoolEntry entry) {
        return Mono.fromRunnable(() -> {
            synchronized (this) {
                SpoolEntry previous = entries.get(entry.id());
                if (previous == null) {
                    throw new SpoolEntryNotFoundException(entry.id());
                }
                unindex(previous);
                entries.put(entry.id(), entry);
                index(entry);
            }
        });
    }

    @Override
    public Mono<Void> remove(SpoolEntryId id) {
        return Mono.fromRunnable(() -> {
            synchronized (this) {
                SpoolEntry previous = entries.remove(id);
                if (previous != null) {
                    unindex(previous);
                }
            }
        });
    }

    @Override
    public Flux<SpoolEntry> dueForDelivery(OrganisationId organisation, Instant now, int limit) {
        return Flux.defer(() -> Flux.fromIterable(page(dueForDelivery.get(organisation), now, limit)));
    }

    @Override
    public Flux<SpoolEntry> dueForNotice(Instant now, int limit) {
        return Flux.defer(() -> Flux.fromIterable(page(dueForNotice, now, limit)));
    }

    @Override
    public Flux<SpoolEntry> browse(OrganisationId organisation, Optional<SpoolCursor> after, int limit) {
        return Flux.defer(() -> {
            NavigableSet<IndexKey> index = byArrival.get(organisation);
            if (index == null) {
                return Flux.empty();
            }
            NavigableSet<IndexKey> tail = after
                .map(cursor -> index.tailSet(new IndexKey(cursor.arrival(), Instant.MAX, cursor.id()), false))
                .orElse(index);
            return Flux.fromIterable(tail.stream().limit(limit)
                .map(key -> entries.get(key.id)).filter(Objects::nonNull)
                .collect(Collectors.toList()));
        });
    }

    @Override
    public Mono<Long> count(OrganisationId organisation) {
        return Mono.fromCallable(() -> (long) countByOrganisation.getOrDefault(organisation, 0));
    }

    @Override
    public Mono<Long> countAll() {
        return Mono.fromCallable(() -> (long) entries.size());
    }

    @Override
    public Mono<Instant> oldestArrival() {
        return Mono.fromCallable(() -> byArrival.values().stream()
            .filter(index -> !index.isEmpty())
            .map(index -> index.first().time)
            .min(Comparator.naturalOrder())
            .orElse(null));
    }

    @Override
    public Mono<RecipientSpoolSummary> summaryFor(MailAddress recipient) {
        return Mono.fromCallable(() -> {
            NavigableSet<IndexKey> index = pendingByRecipient.get(recipient);
            if (index == null || index.isEmpty()) {
                return RecipientSpoolSummary.EMPTY;
            }
            Optional<SpoolEntry> oldest = Optional.ofNullable(entries.get(index.first().id));
            return new RecipientSpoolSummary(pendingCountByRecipient.getOrDefault(recipient, 0), oldest.map(SpoolEntry::arrival),
                oldest.map(SpoolEntry::expiry));
        });
    }

    private List<SpoolEntry> page(NavigableSet<IndexKey> index, Instant now, int limit) {
        if (index == null) {
            return List.of();
        }
        return index.stream()
            .takeWhile(key -> !key.time.isAfter(now))
            .limit(limit)
            .map(key -> entries.get(key.id))
            .filter(Objects::nonNull)
            .collect(Collectors.toList());
    }

    /** Called holding the store's lock. */
    private void index(SpoolEntry entry) {
        dueForDelivery.computeIfAbsent(entry.organisation(), key -> new ConcurrentSkipListSet<>(ORDER)).add(deliveryKey(entry));
        if (byArrival.computeIfAbsent(entry.organisation(), key -> new ConcurrentSkipListSet<>(ORDER)).add(arrivalKey(entry))) {
            countByOrganisation.merge(entry.organisation(), 1, Integer::sum);
        }
        dueForNotice.add(noticeKey(entry));
        entry.pendingRecipients().forEach(recipient -> {
            if (pendingByRecipient.computeIfAbsent(recipient.address(), key -> new ConcurrentSkipListSet<>(ORDER)).add(arrivalKey(entry))) {
                pendingCountByRecipient.merge(recipient.address(), 1, Integer::sum);
            }
        });
    }

    /** Called holding the store's lock. */
    private void unindex(SpoolEntry entry) {
        Optional.ofNullable(dueForDelivery.get(entry.organisation())).ifPresent(index -> index.remove(deliveryKey(entry)));
        if (Optional.ofNullable(byArrival.get(entry.organisation())).map(index -> index.remove(arrivalKey(entry))).orElse(false)) {
            countByOrganisation.merge(entry.organisation(), -1, MemorySpoolStore::sumOrNothing);
        }
        dueForNotice.remove(noticeKey(entry));
        entry.pendingRecipients().forEach(recipient -> {
            NavigableSet<IndexKey> index = pendingByRecipient.get(recipient.address());
            if (index != null && index.remove(arrivalKey(entry))) {
                pendingCountByRecipient.merge(recipient.address(), -1, MemorySpoolStore::sumOrNothing);
                if (index.isEmpty()) {
                    pendingByRecipient.remove(recipient.address());
                }
            }
        });
    }

    /** A count that drops to zero leaves the map. */
    private static Integer sumOrNothing(Integer count, Integer change) {
        int sum = count + change;
        return sum == 0 ? null : sum;
    }

    private static IndexKey deliveryKey(SpoolEntry entry) {
        return new IndexKey(entry.nextAttempt(), entry.arrival(), entry.id());
    }

    private static IndexKey arrivalKey(SpoolEntry entry) {
        return new IndexKey(Instant.ofEpochMilli(entry.arrival().toEpochMilli()), Instant.MAX, entry.id());
    }

    private static IndexKey noticeKey(SpoolEntry entry) {
        return new IndexKey(entry.nextNoticeAt(), entry.arrival(), entry.id());
    }

    private static final class IndexKey {
        private final Instant time;
        private final Instant tieBreak;
        private final SpoolEntryId id;

        private IndexKey(Instant time, Instant tieBreak, SpoolEntryId id) {
            this.time = time;
            this.tieBreak = tieBreak;
            this.id = id;
        }
    }
}
