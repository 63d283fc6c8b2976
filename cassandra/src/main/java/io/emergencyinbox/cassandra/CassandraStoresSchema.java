package io.emergencyinbox.cassandra;

import java.util.List;

import io.emergencyinbox.cassandra.access.AccessTables;
import io.emergencyinbox.cassandra.health.DownstreamStateTables;
import io.emergencyinbox.cassandra.inbox.RetentionLedgerTables;
import io.emergencyinbox.cassandra.notice.NoticeLedgerTables;
import io.emergencyinbox.cassandra.organisation.OrganisationTables;
import io.emergencyinbox.cassandra.outage.OutageTables;
import io.emergencyinbox.cassandra.policy.PolicyTables;
import io.emergencyinbox.cassandra.routing.RoutedMailTables;
import io.emergencyinbox.cassandra.schema.StoreSchema;
import io.emergencyinbox.cassandra.spool.SpoolContentTables;
import io.emergencyinbox.cassandra.spool.SpoolLeaseTables;
import io.emergencyinbox.cassandra.spool.SpoolTables;

/** Every store's schema, in the order they are created at start-up. */
public final class CassandraStoresSchema {
    private CassandraStoresSchema() {
    }

    public static final List<StoreSchema> ALL = List.of(
        OrganisationTables.SCHEMA,
        DownstreamStateTables.SCHEMA,
        OutageTables.SCHEMA,
        SpoolTables.SCHEMA,
        SpoolContentTables.SCHEMA,
        SpoolLeaseTables.SCHEMA,
        NoticeLedgerTables.SCHEMA,
        RetentionLedgerTables.SCHEMA,
        RoutedMailTables.SCHEMA,
        PolicyTables.SCHEMA,
        AccessTables.PARTNER_SCHEMA,
        AccessTables.ROLE_SCHEMA,
        AccessTables.AUDIT_SCHEMA);
}
