package io.emergencyinbox.cassandra.outage;

import io.emergencyinbox.cassandra.schema.SchemaElement;
import io.emergencyinbox.cassandra.schema.StoreSchema;

/** The schema of the {@code OutageStore}. */
public final class OutageTables {
    private OutageTables() {
    }

    /**
     * One row per outage. Opened by {@code INSERT ... IF NOT EXISTS} (opening twice keeps the first record),
     * closed by {@code UPDATE ... IF organisation != null AND ended_at = null} (the first end is kept, an unknown
     * outage is not created). Queries: by outage id.
     */
    public static final SchemaElement OUTAGES = SchemaElement.table("outages",
        "CREATE TABLE IF NOT EXISTS %s ("
            + " outage_id uuid PRIMARY KEY,"
            + " organisation text,"
            + " started_at timestamp,"
            + " ended_at timestamp,"
            + " trigger text,"
            + " reason text)"
            + " WITH comment = 'OutageStore: each period during which a route was DOWN'");

    /**
     * The outages of each organisation, newest first. Partition: one organisation (one row per outage it ever
     * had: a few hundred at most). Queries: list an organisation's outages; drop the partition with them.
     */
    public static final SchemaElement OUTAGES_BY_ORGANISATION = SchemaElement.table("outages_by_organisation",
        "CREATE TABLE IF NOT EXISTS %s ("
            + " organisation text,"
            + " started_at timestamp,"
            + " outage_id uuid,"
            + " PRIMARY KEY (organisation, started_at, outage_id))"
            + " WITH CLUSTERING ORDER BY (started_at DESC, outage_id DESC)"
            + " AND comment = 'OutageStore: the outages of each organisation, newest first'");

    /**
     * The counters of each outage (recipients spooled, delivered, bounced; notices sent), in a counter table
     * because every node adds to them concurrently. Queries: increment one counter, read an outage's four.
     */
    public static final SchemaElement OUTAGE_COUNTERS = SchemaElement.table("outage_counters",
        "CREATE TABLE IF NOT EXISTS %s ("
            + " outage_id uuid PRIMARY KEY,"
            + " spooled counter,"
            + " delivered counter,"
            + " bounced counter,"
            + " notices_sent counter)"
            + " WITH comment = 'OutageStore: what happened to the mail of each outage'");

    public static final StoreSchema SCHEMA = StoreSchema.of(OUTAGES, OUTAGES_BY_ORGANISATION, OUTAGE_COUNTERS);
}
