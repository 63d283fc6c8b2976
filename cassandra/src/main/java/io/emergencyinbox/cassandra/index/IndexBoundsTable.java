package io.emergencyinbox.cassandra.index;

import io.emergencyinbox.cassandra.schema.SchemaElement;

/** The shape of the bounds table each feature with {@link TimeOrderedIndex}es owns. */
public final class IndexBoundsTable {
    private IndexBoundsTable() {
    }

    /**
     * One row per index bucket: {@code floor} (no row that still matters lies before it) and {@code last_day}
     * (no row lies in a later day partition). Both change only by lightweight transactions.
     */
    public static SchemaElement named(String name, String comment) {
        return SchemaElement.table(name,
            "CREATE TABLE IF NOT EXISTS %s ("
                + " index_name text,"
                + " bucket text,"
                + " floor timestamp,"
                + " last_day bigint,"
                + " PRIMARY KEY ((index_name, bucket)))"
                + " WITH comment = '" + comment + "'");
    }
}
