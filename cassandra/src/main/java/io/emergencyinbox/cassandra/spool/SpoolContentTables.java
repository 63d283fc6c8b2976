package io.emergencyinbox.cassandra.spool;

import io.emergencyinbox.cassandra.schema.SchemaElement;
import io.emergencyinbox.cassandra.schema.StoreSchema;

/** The schema of the {@code SpoolContentStore}. */
public final class SpoolContentTables {
    private SpoolContentTables() {
    }

    /**
     * Which version of an entry's content is current, its size and number of chunks. Written after every chunk
     * of that version: a save that did not finish is never read. Queries: by entry id.
     */
    public static final SchemaElement SPOOL_CONTENTS = SchemaElement.table("spool_contents",
        "CREATE TABLE IF NOT EXISTS %s ("
            + " entry_id uuid PRIMARY KEY,"
            + " version uuid,"
            + " size bigint,"
            + " chunk_count int)"
            + " WITH comment = 'SpoolContentStore: the current content version of each spool entry'");

    /**
     * The message bytes in chunks of 64 KiB. Partition: one version of one entry's content (as large as the
     * message); a new save writes a new version, so a reader of the previous one is never served a mix.
     * Queries: one chunk by number (reads stream the chunks one by one); drop a version's partition.
     */
    public static final SchemaElement SPOOL_CONTENT_CHUNKS = SchemaElement.table("spool_content_chunks",
        "CREATE TABLE IF NOT EXISTS %s ("
            + " entry_id uuid,"
            + " version uuid,"
            + " chunk_number int,"
            + " data blob,"
            + " PRIMARY KEY ((entry_id, version), chunk_number))"
            + " WITH comment = 'SpoolContentStore: the bytes of spooled messages, in 64 KiB chunks'");

    public static final StoreSchema SCHEMA = StoreSchema.of(SPOOL_CONTENTS, SPOOL_CONTENT_CHUNKS);
}
