package io.emergencyinbox.cassandra.spool;

import static io.emergencyinbox.cassandra.spool.SpoolLeaseTables.SPOOL_LEASES;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;

import io.emergencyinbox.cassandra.ConditionalResult;
import io.emergencyinbox.cassandra.StoreSession;
import reactor.core.publisher.Mono;

class SpoolLeaseDao {
    /** Leases outlive their end by this much before Cassandra forgets them. */
    private static final Duration TTL_MARGIN = Duration.ofHours(1);

    private final StoreSession session;
    private final PreparedStatement insertIfAbsent;
    private final PreparedStatement replaceIfUnchanged;
    private final PreparedStatement select;
    private final PreparedStatement deleteIfHeldBy;

    SpoolLeaseDao(StoreSession session) {
        this.session = session;
        this.insertIfAbsent = session.prepare(
            "INSERT INTO %s (entry_id, holder, expires_at) VALUES (?, ?, ?) IF NOT EXISTS USING TTL ?", SPOOL_LEASES);
        this.replaceIfUnchanged = session.prepare(
            "UPDATE %s USING TTL ? SET holder = ?, expires_at = ? WHERE entry_id = ? IF holder = ? AND expires_at = ?", SPOOL_LEASES);
        this.select = session.prepare("SELECT holder, expires_at FROM %s WHERE entry_id = ?", SPOOL_LEASES);
        this.deleteIfHeldBy = session.prepare("DELETE FROM %s WHERE entry_id = ? IF holder = ?", SPOOL_LEASES);
    }

    Mono<ConditionalResult> insertIfAbsent(UUID entry, String holder, Instant now, Instant until) {
        return session.conditional(insertIfAbsent.bind(entry, holder, until, ttlSeconds(now, until)));
    }

    Mono<ConditionalResult> replace(UUID entry, Lease expected, String holder, Instant now, Instant until) {
        return session.conditional(replaceIfUnchanged.bind(ttlSeconds(now, until), holder, until, entry,
            expected.holder, expected.expiresAt));
    }

    /** The lease as the Paxos state sees it, for a writer whose transaction timed out. */
    Mono<Lease> readSerial(UUID entry) {
        return session.serialRow(select.bind(entry)).map(row -> new Lease(row.getString("holder"), row.getInstant("expires_at")));
    }

    Mono<Void> deleteIfHeldBy(UUID entry, String holder) {
        return session.conditional(deleteIfHeldBy.bind(entry, holder)).then();
    }

    private static int ttlSeconds(Instant now, Instant until) {
        Duration lease = Duration.between(now, until);
        return (int) Math.max(0, lease.toSeconds()) + (int) TTL_MARGIN.toSeconds();
    }

    static final class Lease {
        final String holder;
        final Instant expiresAt;

        Lease(String holder, Instant expiresAt) {
            this.holder = holder;
            this.expiresAt = expiresAt;
        }
    }
}
