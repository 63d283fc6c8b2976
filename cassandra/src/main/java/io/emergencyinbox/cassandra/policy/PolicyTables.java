package io.emergencyinbox.cassandra.policy;

import io.emergencyinbox.cassandra.schema.SchemaElement;
import io.emergencyinbox.cassandra.schema.StoreSchema;

/** The schema of the {@code OrganisationPolicyStore}. */
public final class PolicyTables {
    private PolicyTables() {
    }

    /**
     * One row per organisation with overrides; each column is null when that value follows the gateway's policy.
     * Durations in milliseconds. A {@code set} writes every column (the last writer wins, as an admin's edit);
     * overrides with no value delete the row. Queries: by organisation.
     */
    public static final SchemaElement ORGANISATION_POLICIES = SchemaElement.table("organisation_policies",
        "CREATE TABLE IF NOT EXISTS %s ("
            + " organisation text PRIMARY KEY,"
            + " max_spool_age_ms bigint,"
            + " first_delayed_notice_ms bigint,"
            + " delayed_notice_interval_ms bigint)"
            + " WITH comment = 'OrganisationPolicyStore: the notice schedule and maximum spool age overrides of each organisation'");

    public static final StoreSchema SCHEMA = StoreSchema.of(ORGANISATION_POLICIES);
}
