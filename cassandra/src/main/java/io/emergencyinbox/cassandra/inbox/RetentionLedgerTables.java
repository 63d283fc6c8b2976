package io.emergencyinbox.cassandra.inbox;

import io.emergencyinbox.cassandra.index.IndexBoundsTable;
import io.emergencyinbox.cassandra.index.TimeOrderedIndex;
import io.emergencyinbox.cassandra.schema.SchemaElement;
import io.emergencyinbox.cassandra.schema.StoreSchema;

/** The schema of the {@code RetentionLedger}. */
public final class RetentionLedgerTables {
    private RetentionLedgerTables() {
    }

    /** The one bucket of the ledger: copies of every organisation are removed in one time order. */
    static final String BUCKET = "all";

    /**
     * Delivered Emergency Inbox copies by the time they may be removed: a {@link TimeOrderedIndex}, partitioned
     * by UTC day of {@code remove_after} (a day of deliveries per partition), read from its floor in pages by
     * the inbox janitor and deleted row by row as copies are removed.
     */
    public static final SchemaElement INBOX_RETENTION = SchemaElement.table("inbox_retention",
        "CREATE TABLE IF NOT EXISTS %s ("
            + " bucket text,"
            + " day bigint,"
            + " remove_after timestamp,"
            + " recipient text,"
            + " copy_id text,"
            + " indexed_at timestamp,"
            + " PRIMARY KEY ((bucket, day), remove_after, recipient, copy_id))"
            + " WITH comment = 'RetentionLedger: delivered inbox copies by the time they may be removed'");

    public static final SchemaElement INBOX_RETENTION_BOUNDS = IndexBoundsTable.named("inbox_retention_bounds",
        "RetentionLedger: where the rows of inbox_retention that still matter begin and end");

    public static final StoreSchema SCHEMA = StoreSchema.of(INBOX_RETENTION, INBOX_RETENTION_BOUNDS);
}
