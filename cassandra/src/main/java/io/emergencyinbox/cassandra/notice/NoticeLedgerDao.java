package io.emergencyinbox.cassandra.notice;

import static io.emergencyinbox.cassandra.notice.NoticeLedgerTables.NOTICES_SENT;

import java.util.UUID;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;

import io.emergencyinbox.cassandra.LightweightTransactions;
import io.emergencyinbox.cassandra.StoreSession;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class NoticeLedgerDao {
    private final StoreSession session;
    private final PreparedStatement insertIfAbsent;
    private final PreparedStatement selectRecorder;
    private final PreparedStatement selectKeys;
    private final PreparedStatement deleteIfExists;

    NoticeLedgerDao(StoreSession session) {
        this.session = session;
        this.insertIfAbsent = session.prepare(
            "INSERT INTO %s (entry_id, notice_key, recorded_by) VALUES (?, ?, ?) IF NOT EXISTS", NOTICES_SENT);
        this.selectRecorder = session.prepare(
            "SELECT recorded_by FROM %s WHERE entry_id = ? AND notice_key = ?", NOTICES_SENT);
        this.selectKeys = session.prepare("SELECT notice_key FROM %s WHERE entry_id = ?", NOTICES_SENT);
        this.deleteIfExists = session.prepare("DELETE FROM %s WHERE entry_id = ? AND notice_key = ? IF EXISTS", NOTICES_SENT);
    }

    /** True when this call inserted the row. */
    Mono<Boolean> insertIfAbsent(UUID entry, String noticeKey) {
        UUID token = UUID.randomUUID();
        return session.conditional(insertIfAbsent.bind(entry, noticeKey, token))
            .map(result -> result.applied())
            .onErrorResume(LightweightTransactions::outcomeUnknown,
                unknown -> session.serialRow(selectRecorder.bind(entry, noticeKey))
                    .map(row -> token.equals(row.getUuid("recorded_by")))
                    .defaultIfEmpty(false));
    }

    Mono<Boolean> exists(UUID entry, String noticeKey) {
        return session.row(selectRecorder.bind(entry, noticeKey)).hasElement();
    }

    Flux<String> keys(UUID entry) {
        return session.rows(selectKeys.bind(entry)).map(row -> row.getString("notice_key"));
    }

    Mono<Void> delete(UUID entry, String noticeKey) {
        return session.conditional(deleteIfExists.bind(entry, noticeKey)).then();
    }
}
