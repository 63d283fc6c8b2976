package io.emergencyinbox.cassandra.spool;

import java.time.Instant;

import javax.inject.Inject;

import com.datastax.oss.driver.api.core.cql.Row;

import io.emergencyinbox.cassandra.LightweightTransactions;
import io.emergencyinbox.cassandra.StoreSession;
import io.emergencyinbox.cassandra.spool.SpoolLeaseDao.Lease;
import io.emergencyinbox.core.spool.SpoolEntryId;
import io.emergencyinbox.core.spool.SpoolLeases;
import reactor.core.publisher.Mono;

/**
 * Leases shared by every gateway node (DESIGN §5, invariant 7): each acquisition is a lightweight
 * transaction conditioned on the lease as it was read, so two nodes never both hold one.
 */
public class CassandraSpoolLeases implements SpoolLeases {
    /** A lease changing hands under our feet this many times in a row is simply not acquired this time. */
    private static final int MAX_ATTEMPTS = 5;

    private final SpoolLeaseDao dao;

    @Inject
    public CassandraSpoolLeases(StoreSession session) {
        this.dao = new SpoolLeaseDao(session);
    }

    @Override
    public Mono<Boolean> tryAcquire(SpoolEntryId id, String holder, Instant now, Instant until) {
        return attempt(id, holder, now, until, 1)
            .onErrorResume(LightweightTransactions::outcomeUnknown, unknown -> dao.readSerial(id.asUuid())
                .map(lease -> lease.holder.equals(holder) && lease.expiresAt.toEpochMilli() == until.toEpochMilli())
                .defaultIfEmpty(false));
    }

    @Override
    public Mono<Void> release(SpoolEntryId id, String holder) {
        return dao.deleteIfHeldBy(id.asUuid(), holder);
    }

    private Mono<Boolean> attempt(SpoolEntryId id, String holder, Instant now, Instant until, int attempt) {
        return dao.insertIfAbsent(id.asUuid(), holder, now, until).flatMap(inserted -> {
            if (inserted.applied()) {
                return Mono.just(true);
            }
            if (inserted.current().isEmpty()) {
                return retry(id, holder, now, until, attempt);
            }
            Lease current = leaseOf(inserted.current().get());
            if (!current.holder.equals(holder) && current.expiresAt.isAfter(now)) {
                return Mono.just(false);
            }
            return dao.replace(id.asUuid(), current, holder, now, until)
                .flatMap(replaced -> replaced.applied() ? Mono.just(true) : retry(id, holder, now, until, attempt));
        });
    }

    private Mono<Boolean> retry(SpoolEntryId id, String holder, Instant now, Instant until, int attempt) {
        return attempt < MAX_ATTEMPTS ? attempt(id, holder, now, until, attempt + 1) : Mono.just(false);
    }

    private static Lease leaseOf(Row row) {
        return new Lease(row.getString("holder"), row.getInstant("expires_at"));
    }
}
