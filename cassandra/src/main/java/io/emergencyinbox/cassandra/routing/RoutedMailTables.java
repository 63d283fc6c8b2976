package io.emergencyinbox.cassandra.routing;

import io.emergencyinbox.cassandra.schema.SchemaElement;
import io.emergencyinbox.cassandra.schema.StoreSchema;
import io.emergencyinbox.core.routing.RoutedMailLedger;

/** The schema of the {@code RoutedMailLedger}. */
public final class RoutedMailTables {
    private RoutedMailTables() {
    }

    /**
     * One row per pipeline mail routed for one organisation, written when its fate is committed and read before
     * a mail is routed. Rows expire by themselves after {@link RoutedMailLedger#RETENTION} (the table's default
     * time to live): nothing else ever deletes them.
     */
    public static final SchemaElement ROUTED_MAILS = SchemaElement.table("routed_mails",
        "CREATE TABLE IF NOT EXISTS %s ("
            + " mail_key text PRIMARY KEY,"
            + " routed_at timestamp)"
            + " WITH default_time_to_live = " + RoutedMailLedger.RETENTION.toSeconds()
            + " AND comment = 'RoutedMailLedger: mails already relayed, returned or spooled, by pipeline mail and organisation'");

    public static final StoreSchema SCHEMA = StoreSchema.of(ROUTED_MAILS);
}
