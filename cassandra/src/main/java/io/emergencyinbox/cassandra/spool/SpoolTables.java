package io.emergencyinbox.cassandra.spool;

import io.emergencyinbox.cassandra.index.IndexBoundsTable;
import io.emergencyinbox.cassandra.index.TimeOrderedIndex;
import io.emergencyinbox.cassandra.schema.SchemaElement;
import io.emergencyinbox.cassandra.schema.StoreSchema;

/**
 * The schema of the {@code SpoolStore}: the entries, three {@link TimeOrderedIndex}es the scheduler and the
 * admins read in pages (never the entries themselves), and per-organisation counters.
 */
public final class SpoolTables {
    private SpoolTables() {
    }

    /** The bucket of the due-for-notice index: notices are scheduled across organisations. */
    static final String ALL_ORGANISATIONS = "all";

    /** Why an attempt failed (the downstream's reply, or the connection problem). */
    public static final SchemaElement ATTEMPT_FAILURE = SchemaElement.type("attempt_failure",
        "CREATE TYPE IF NOT EXISTS %s ("
            + " at timestamp,"
            + " remote_mta text,"
            + " reply_code int,"
            + " enhanced_status text,"
            + " diagnostic text)");

    /** One recipient of a spooled message: envelope parameters (NOTIFY, ORCPT), status, last failure, inbox copy. */
    public static final SchemaElement SPOOL_RECIPIENT = SchemaElement.type("spool_recipient",
        "CREATE TYPE IF NOT EXISTS %s ("
            + " address text,"
            + " notify set<text>,"
            + " original_recipient text,"
            + " status text,"
            + " last_failure frozen<attempt_failure>,"
            + " inbox_copy text)");

    /**
     * One row per spooled message, the source of truth. Every write is a lightweight transaction on
     * {@code revision} (a random id renewed by every write: {@code INSERT IF NOT EXISTS}, {@code UPDATE ... IF
     * revision = ?}, {@code DELETE ... IF revision = ?}); index rows carry the revision they were written for.
     * Queries: by entry id only.
     */
    public static final SchemaElement SPOOL_ENTRIES = SchemaElement.table("spool_entries",
        "CREATE TABLE IF NOT EXISTS %s ("
            + " entry_id uuid PRIMARY KEY,"
            + " organisation text,"
            + " sender text,"
            + " ret text,"
            + " envelope_id text,"
            + " recipients list<frozen<spool_recipient>>,"
            + " arrival timestamp,"
            + " expiry timestamp,"
            + " attempts int,"
            + " next_attempt timestamp,"
            + " last_failure frozen<attempt_failure>,"
            + " outage uuid,"
            + " size bigint,"
            + " subject text,"
            + " delayed_notices_sent int,"
            + " next_notice_at timestamp,"
            + " revision uuid)"
            + " WITH comment = 'SpoolStore: the metadata of every message the gateway still owes'");

    /**
     * Entries by next attempt, per organisation (bucket) and UTC day of {@code next_attempt}; ties by arrival,
     * then id. Read from the floor up to now by the drain scheduler. One row per entry and revision.
     */
    public static final SchemaElement SPOOL_DUE_FOR_DELIVERY = SchemaElement.table("spool_due_for_delivery",
        "CREATE TABLE IF NOT EXISTS %s ("
            + " bucket text,"
            + " day bigint,"
            + " next_attempt timestamp,"
            + " arrival timestamp,"
            + " entry_id uuid,"
            + " revision uuid,"
            + " indexed_at timestamp,"
            + " PRIMARY KEY ((bucket, day), next_attempt, arrival, entry_id, revision))"
            + " WITH comment = 'SpoolStore: entries by next attempt, per organisation and day'");

    /**
     * Entries by the next time a notice (or expiry) is due, every organisation together (bucket {@code all}),
     * per UTC day of {@code next_notice_at}; ties by arrival, then id. Read by the notice scheduler.
     */
    public static final SchemaElement SPOOL_DUE_FOR_NOTICE = SchemaElement.table("spool_due_for_notice",
        "CREATE TABLE IF NOT EXISTS %s ("
            + " bucket text,"
            + " day bigint,"
            + " next_notice_at timestamp,"
            + " arrival timestamp,"
            + " entry_id uuid,"
            + " revision uuid,"
            + " indexed_at timestamp,"
            + " PRIMARY KEY ((bucket, day), next_notice_at, arrival, entry_id, revision))"
            + " WITH comment = 'SpoolStore: entries by next notice time, all organisations, per day'");

    /**
     * Entries in arrival order per organisation (bucket) and UTC day of arrival, for browsing with a cursor
     * (arrival, id) and for the oldest arrival. Written once per entry, deleted when it leaves the spool.
     */
    public static final SchemaElement SPOOL_BY_ARRIVAL = SchemaElement.table("spool_by_arrival",
        "CREATE TABLE IF NOT EXISTS %s ("
            + " bucket text,"
            + " day bigint,"
            + " arrival timestamp,"
            + " entry_id uuid,"
            + " indexed_at timestamp,"
            + " PRIMARY KEY ((bucket, day), arrival, entry_id))"
            + " WITH comment = 'SpoolStore: entries in arrival order, per organisation and day'");

    /**
     * Entries still owed to each recipient (where the recipient is PENDING), in arrival order, per recipient
     * address (bucket, lower case) and UTC day of arrival. Written with the entry, deleted when the recipient
     * stops being pending or the entry leaves the spool. Read for the oldest pending message of a user
     * ({@code summaryFor}), one row from the floor.
     */
    public static final SchemaElement SPOOL_PENDING_BY_RECIPIENT = SchemaElement.table("spool_pending_by_recipient",
        "CREATE TABLE IF NOT EXISTS %s ("
            + " bucket text,"
            + " day bigint,"
            + " arrival timestamp,"
            + " entry_id uuid,"
            + " indexed_at timestamp,"
            + " PRIMARY KEY ((bucket, day), arrival, entry_id))"
            + " WITH comment = 'SpoolStore: entries still owed to each recipient, in arrival order, per recipient and day'");

    public static final SchemaElement SPOOL_INDEX_BOUNDS = IndexBoundsTable.named("spool_index_bounds",
        "SpoolStore: where the rows of each spool index that still matter begin and end");

    /**
     * Entries per organisation, a counter moved only by the writer whose lightweight transaction added or
     * removed the entry. Queries: one organisation; the whole (small) table for the total and the oldest arrival.
     */
    public static final SchemaElement SPOOL_COUNTS = SchemaElement.table("spool_counts",
        "CREATE TABLE IF NOT EXISTS %s ("
            + " organisation text PRIMARY KEY,"
            + " entry_count counter)"
            + " WITH comment = 'SpoolStore: the number of entries of each organisation'");

    /**
     * Entries still owed to each recipient (lower-case address), a counter moved only by the writer whose
     * lightweight transaction changed which recipients of an entry are pending. Queries: one recipient.
     */
    public static final SchemaElement SPOOL_RECIPIENT_COUNTS = SchemaElement.table("spool_recipient_counts",
        "CREATE TABLE IF NOT EXISTS %s ("
            + " recipient text PRIMARY KEY,"
            + " pending counter)"
            + " WITH comment = 'SpoolStore: the number of entries still owed to each recipient'");

    public static final StoreSchema SCHEMA = StoreSchema.of(ATTEMPT_FAILURE, SPOOL_RECIPIENT, SPOOL_ENTRIES,
        SPOOL_DUE_FOR_DELIVERY, SPOOL_DUE_FOR_NOTICE, SPOOL_BY_ARRIVAL, SPOOL_PENDING_BY_RECIPIENT, SPOOL_INDEX_BOUNDS,
        SPOOL_COUNTS, SPOOL_RECIPIENT_COUNTS);
}
