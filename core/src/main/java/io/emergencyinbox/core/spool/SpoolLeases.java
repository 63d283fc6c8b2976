package io.emergencyinbox.core.spool;

import java.time.Instant;

import reactor.core.publisher.Mono;

/**
 * Who is working on a spool entry right now, so that one entry is attempted by one worker (and one
 * gateway node) at a time. A lease ends when released or when it expires (a crashed node's leases
 * expire on their own).
 */
public interface SpoolLeases {

    /** True when the caller now holds the lease (it was free, expired, or already the caller's). */
    Mono<Boolean> tryAcquire(SpoolEntryId id, String holder, Instant now, Instant until);

    /** Releases the caller's lease; does nothing when someone else holds it. */
    Mono<Void> release(SpoolEntryId id, String holder);
}
