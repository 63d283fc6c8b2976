package io.emergencyinbox.cassandra.access;

import io.emergencyinbox.cassandra.schema.SchemaElement;
import io.emergencyinbox.cassandra.schema.StoreSchema;

/** The schemas of the access model's stores: partners, roles and the audit log, each with tables of its own. */
public final class AccessTables {
    private AccessTables() {
    }

    /** One row per partner. Created by {@code INSERT ... IF NOT EXISTS}. Queries: by id; the whole (small) table. */
    public static final SchemaElement PARTNERS = SchemaElement.table("partners",
        "CREATE TABLE IF NOT EXISTS %s ("
            + " partner text PRIMARY KEY,"
            + " display_name text)"
            + " WITH comment = 'PartnerStore: the channel partners that manage customer organisations'");

    public static final StoreSchema PARTNER_SCHEMA = StoreSchema.of(PARTNERS);

    /**
     * The roles of each user (the access policy's question). Written together with {@link #ROLE_HOLDERS} in a
     * logged batch, so that both tables always end up agreeing. Partition: one user (a few rows).
     */
    public static final SchemaElement ROLES_BY_USER = SchemaElement.table("roles_by_user",
        "CREATE TABLE IF NOT EXISTS %s ("
            + " username text,"
            + " kind text,"
            + " scope text,"
            + " PRIMARY KEY (username, kind, scope))"
            + " WITH comment = 'RoleStore: the administrative roles of each user'");

    /** The holders of each role, for listing an organisation's admins and revoking a role from everyone. */
    public static final SchemaElement ROLE_HOLDERS = SchemaElement.table("role_holders",
        "CREATE TABLE IF NOT EXISTS %s ("
            + " kind text,"
            + " scope text,"
            + " username text,"
            + " PRIMARY KEY ((kind, scope), username))"
            + " WITH comment = 'RoleStore: the users holding each administrative role'");

    public static final StoreSchema ROLE_SCHEMA = StoreSchema.of(ROLES_BY_USER, ROLE_HOLDERS);

    /**
     * Every audited access, written once per <em>scope</em> it can be looked up by: {@code all}, {@code target:<user>},
     * {@code actor:<user>}, {@code organisation:<id>}; partitioned by scope and UTC day, newest first. All rows
     * of one entry go in one logged batch. Queries: a time range of one scope, newest first, a day at a time.
     */
    public static final SchemaElement AUDIT_LOG = SchemaElement.table("audit_log",
        "CREATE TABLE IF NOT EXISTS %s ("
            + " scope text,"
            + " day bigint,"
            + " at timestamp,"
            + " entry_id timeuuid,"
            + " actor text,"
            + " target text,"
            + " organisation text,"
            + " operation text,"
            + " allowed boolean,"
            + " reason text,"
            + " PRIMARY KEY ((scope, day), at, entry_id))"
            + " WITH CLUSTERING ORDER BY (at DESC, entry_id DESC)"
            + " AND comment = 'AuditLog: accesses to other users accounts, per scope and day, newest first'");

    /** The days that have entries, per scope, newest first: a query reads only those partitions. */
    public static final SchemaElement AUDIT_LOG_DAYS = SchemaElement.table("audit_log_days",
        "CREATE TABLE IF NOT EXISTS %s ("
            + " scope text,"
            + " day bigint,"
            + " PRIMARY KEY (scope, day))"
            + " WITH CLUSTERING ORDER BY (day DESC)"
            + " AND comment = 'AuditLog: the days with entries of each scope'");

    public static final StoreSchema AUDIT_SCHEMA = StoreSchema.of(AUDIT_LOG, AUDIT_LOG_DAYS);
}
