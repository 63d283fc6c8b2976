package io.emergencyinbox.cassandra.notice;

import javax.inject.Inject;

import io.emergencyinbox.cassandra.StoreSession;
import io.emergencyinbox.core.notice.NoticeLedger;
import io.emergencyinbox.core.spool.SpoolEntryId;
import reactor.core.publisher.Mono;

/**
 * The notices already sent, shared by every gateway node: recording is a lightweight transaction, so two
 * nodes racing to send the same notice see exactly one {@code true} (DESIGN §5, invariant 7).
 */
public class CassandraNoticeLedger implements NoticeLedger {
    private final NoticeLedgerDao dao;

    @Inject
    public CassandraNoticeLedger(StoreSession session) {
        this.dao = new NoticeLedgerDao(session);
    }

    @Override
    public Mono<Boolean> tryRecord(SpoolEntryId entry, String noticeKey) {
        return dao.insertIfAbsent(entry.asUuid(), noticeKey);
    }

    @Override
    public Mono<Boolean> isRecorded(SpoolEntryId entry, String noticeKey) {
        return dao.exists(entry.asUuid(), noticeKey);
    }

    /** Deletes each recorded notice by a lightweight transaction, so that it is ordered with the recording ones. */
    @Override
    public Mono<Void> forget(SpoolEntryId entry) {
        return dao.keys(entry.asUuid()).concatMap(key -> dao.delete(entry.asUuid(), key)).then();
    }
}
