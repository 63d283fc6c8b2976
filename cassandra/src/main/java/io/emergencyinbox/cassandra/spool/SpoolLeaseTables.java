package io.emergencyinbox.cassandra.spool;

import io.emergencyinbox.cassandra.schema.SchemaElement;
import io.emergencyinbox.cassandra.schema.StoreSchema;

/** The schema of {@code SpoolLeases}. */
public final class SpoolLeaseTables {
    private SpoolLeaseTables() {
    }

    /**
     * Who works on a spool entry, until when. Every write is a lightweight transaction conditioned on the row
     * as it was read ({@code IF NOT EXISTS}, {@code IF holder = ? AND expires_at = ?}), so one holder at a time
     * across nodes. Expiry compares {@code expires_at} with the caller's {@code now}; a TTL (the lease plus an
     * hour) only clears rows a crashed node never released. Partition: one entry. Queries: by entry id.
     */
    public static final SchemaElement SPOOL_LEASES = SchemaElement.table("spool_leases",
        "CREATE TABLE IF NOT EXISTS %s ("
            + " entry_id uuid PRIMARY KEY,"
            + " holder text,"
            + " expires_at timestamp)"
            + " WITH comment = 'SpoolLeases: the node and worker attempting a spool entry, and until when'");

    public static final StoreSchema SCHEMA = StoreSchema.of(SPOOL_LEASES);
}
