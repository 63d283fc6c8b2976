package io.emergencyinbox.core.spool;

import java.time.Instant;
import java.util.Optional;

import org.apache.james.core.MailAddress;

import io.emergencyinbox.core.organisation.OrganisationId;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The metadata of every message the gateway still owes (the source of truth for "mail we still
 * owe"), indexed so the scheduler reads due entries in pages and never scans the spool.
 */
public interface SpoolStore {

    /** Stores a new entry. Its content must already be in the {@link SpoolContentStore}. */
    Mono<Void> add(SpoolEntry entry);

    Mono<SpoolEntry> get(SpoolEntryId id);

    /** Replaces an entry; fails with {@link SpoolEntryNotFoundException} when it was removed meanwhile. */
    Mono<Void> update(SpoolEntry entry);

    /** Idempotent. */
    Mono<Void> remove(SpoolEntryId id);

    /** Entries of the route with {@code nextAttempt <= now}, by next attempt, then arrival. */
    Flux<SpoolEntry> dueForDelivery(OrganisationId organisation, Instant now, int limit);

    /** Entries of every route with {@code nextNoticeAt <= now}, by that time. */
    Flux<SpoolEntry> dueForNotice(Instant now, int limit);

    /** Entries of the route in arrival order, starting after the cursor. */
    Flux<SpoolEntry> browse(OrganisationId organisation, Optional<SpoolCursor> after, int limit);

    Mono<Long> count(OrganisationId organisation);

    /** Entries of all routes. */
    Mono<Long> countAll();

    /** The arrival time of the oldest entry of all routes. */
    Mono<Instant> oldestArrival();

    /** What is still owed to one recipient (entries where it is PENDING), read from an index. */
    Mono<RecipientSpoolSummary> summaryFor(MailAddress recipient);
}
