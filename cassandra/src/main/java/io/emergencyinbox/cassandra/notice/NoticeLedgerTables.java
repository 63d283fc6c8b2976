package io.emergencyinbox.cassandra.notice;

import io.emergencyinbox.cassandra.schema.SchemaElement;
import io.emergencyinbox.cassandra.schema.StoreSchema;

/** The schema of the {@code NoticeLedger}. */
public final class NoticeLedgerTables {
    private NoticeLedgerTables() {
    }

    /**
     * One row per notice sent for a spool entry ({@code delayed-1}, {@code failed}...). Rows are only written
     * by {@code INSERT ... IF NOT EXISTS}, so among gateway nodes racing to send the same notice exactly one
     * wins; {@code recorded_by} is the winner's random token, read back when its transaction timed out.
     * Partition: one spool entry (a handful of rows). Queries: insert-if-absent one key, read one key, list the
     * keys of an entry to forget them.
     */
    public static final SchemaElement NOTICES_SENT = SchemaElement.table("notices_sent",
        "CREATE TABLE IF NOT EXISTS %s ("
            + " entry_id uuid,"
            + " notice_key text,"
            + " recorded_by uuid,"
            + " PRIMARY KEY (entry_id, notice_key))"
            + " WITH comment = 'NoticeLedger: the delivery status notifications already sent per spool entry'");

    public static final StoreSchema SCHEMA = StoreSchema.of(NOTICES_SENT);
}
