package io.emergencyinbox.cassandra.organisation;

import io.emergencyinbox.cassandra.schema.SchemaElement;
import io.emergencyinbox.cassandra.schema.StoreSchema;

/** The schema of the {@code OrganisationStore}. */
public final class OrganisationTables {
    private OrganisationTables() {
    }

    /**
     * One row per organisation: its name, domains, partner and downstream route ({@code route_targets} as
     * (host, port, priority) tuples; timeouts in milliseconds; SMTP credentials as given, as in the memory
     * store; the PEM certificates a {@code VERIFY} route trusts). Every write is a lightweight transaction ({@code IF NOT EXISTS} / {@code IF EXISTS}), so writes to
     * an organisation deleted meanwhile fail instead of bringing it back. Queries: by id; the whole (small)
     * table for list.
     */
    public static final SchemaElement ORGANISATIONS = SchemaElement.table("organisations",
        "CREATE TABLE IF NOT EXISTS %s ("
            + " organisation text PRIMARY KEY,"
            + " display_name text,"
            + " domains set<text>,"
            + " partner text,"
            + " route_targets list<frozen<tuple<text, int, int>>>,"
            + " route_tls text,"
            + " route_connect_timeout_ms bigint,"
            + " route_command_timeout_ms bigint,"
            + " route_username text,"
            + " route_password text,"
            + " route_trusted_certificates text)"
            + " WITH comment = 'OrganisationStore: the customers of the gateway, their domains and downstream routes'")
        .withAddedColumn("route_trusted_certificates", "text");

    /**
     * Which organisation owns each domain. A domain is claimed by {@code INSERT ... IF NOT EXISTS} before it
     * enters an organisation's {@code domains}, and released by {@code DELETE ... IF organisation = ?} after it
     * left them: a domain belongs to one organisation at most, also when two admins race. Queries: by domain
     * (the inbound routing look-up).
     */
    public static final SchemaElement ORGANISATION_DOMAINS = SchemaElement.table("organisation_domains",
        "CREATE TABLE IF NOT EXISTS %s ("
            + " domain text PRIMARY KEY,"
            + " organisation text)"
            + " WITH comment = 'OrganisationStore: the owner of each mail domain'");

    public static final StoreSchema SCHEMA = StoreSchema.of(ORGANISATIONS, ORGANISATION_DOMAINS);
}
