package io.emergencyinbox.cassandra.inbox;

import static io.emergencyinbox.cassandra.inbox.RetentionLedgerTables.BUCKET;
import static io.emergencyinbox.cassandra.inbox.RetentionLedgerTables.INBOX_RETENTION;
import static io.emergencyinbox.cassandra.inbox.RetentionLedgerTables.INBOX_RETENTION_BOUNDS;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;

import io.emergencyinbox.cassandra.StoreSession;
import io.emergencyinbox.cassandra.index.TimeOrderedIndex;
import io.emergencyinbox.core.inbox.InboxCopy;
import io.emergencyinbox.core.inbox.RetentionLedger;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The retention ledger as a {@link TimeOrderedIndex}: due copies are read from its floor, never by a scan. */
public class CassandraRetentionLedger implements RetentionLedger {
    private final StoreSession session;
    private final Clock clock;
    private final TimeOrderedIndex index;
    private final PreparedStatement insert;
    private final PreparedStatement delete;

    @Inject
    public CassandraRetentionLedger(StoreSession session, Clock clock) {
        this.session = session;
        this.clock = clock;
        this.index = new TimeOrderedIndex(session, INBOX_RETENTION, "remove_after", List.of("recipient", "copy_id"),
            INBOX_RETENTION_BOUNDS, "retention", clock);
        this.insert = session.prepare("INSERT INTO %s (bucket, day, remove_after, recipient, copy_id, indexed_at) "
            + "VALUES (?, ?, ?, ?, ?, ?)", INBOX_RETENTION);
        this.delete = session.prepare(
            "DELETE FROM %s WHERE bucket = ? AND day = ? AND remove_after = ? AND recipient = ? AND copy_id = ?", INBOX_RETENTION);
    }

    @Override
    public Mono<Void> schedule(InboxCopy copy) {
        return session.write(insert.bind(BUCKET, TimeOrderedIndex.day(copy.removeAfter()), copy.removeAfter(),
                copy.recipient().asString(), copy.copyId(), clock.instant()))
            .then(index.reach(BUCKET, copy.removeAfter()));
    }

    @Override
    public Flux<InboxCopy> due(Instant now, int limit) {
        return index.firstLive(BUCKET, Optional.of(now), limit, row -> Mono.just(Optional.of(copy(row))))
            .flatMapMany(Flux::fromIterable);
    }

    @Override
    public Mono<Void> forget(InboxCopy copy) {
        return session.write(delete.bind(BUCKET, TimeOrderedIndex.day(copy.removeAfter()), copy.removeAfter(),
            copy.recipient().asString(), copy.copyId()));
    }

    private static InboxCopy copy(Row row) {
        try {
            return new InboxCopy(new MailAddress(row.getString("recipient")), row.getString("copy_id"), row.getInstant("remove_after"));
        } catch (AddressException e) {
            throw new IllegalStateException("Unreadable recipient in " + INBOX_RETENTION.name() + ": " + row.getString("recipient"), e);
        }
    }
}
