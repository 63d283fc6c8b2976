package io.emergencyinbox.cassandra.health;

import io.emergencyinbox.cassandra.schema.SchemaElement;
import io.emergencyinbox.cassandra.schema.StoreSchema;

/** The schema of the {@code DownstreamStateStore}. */
public final class DownstreamStateTables {
    private DownstreamStateTables() {
    }

    /**
     * The health of each organisation's downstream route and its evidence, one row per organisation.
     * Updates are compare-and-set: read the row, apply the change, write {@code IF revision = <read>} with a
     * fresh random {@code revision}, retry on conflict, so concurrent updates from several gateway nodes are
     * never lost. {@code recent_revisions} (the last 16) lets a writer whose transaction timed out tell whether
     * it applied even when others wrote after it. Queries: by organisation; the whole (small) table for list.
     */
    public static final SchemaElement DOWNSTREAM_STATES = SchemaElement.table("downstream_states",
        "CREATE TABLE IF NOT EXISTS %s ("
            + " organisation text PRIMARY KEY,"
            + " health text,"
            + " since timestamp,"
            + " consecutive_failures int,"
            + " consecutive_successes int,"
            + " last_probe timestamp,"
            + " last_error text,"
            + " last_error_at timestamp,"
            + " outage uuid,"
            + " declared_by_hand boolean,"
            + " revision uuid,"
            + " recent_revisions list<uuid>)"
            + " WITH comment = 'DownstreamStateStore: UP or DOWN per organisation route, with the evidence'");

    public static final StoreSchema SCHEMA = StoreSchema.of(DOWNSTREAM_STATES);
}
