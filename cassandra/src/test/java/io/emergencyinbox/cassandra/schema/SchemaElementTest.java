package io.emergencyinbox.cassandra.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import com.datastax.oss.driver.api.core.CqlIdentifier;

import io.emergencyinbox.cassandra.CassandraStoresSchema;

class SchemaElementTest {
    private static final SchemaElement TABLE = SchemaElement.table("things",
        "CREATE TABLE IF NOT EXISTS %s (id text PRIMARY KEY, colour text, sizes list<frozen<tuple<int, int>>>)");

    @Test
    void anAddedColumnShouldBeAddedByAnAlterStatement() {
        SchemaElement table = TABLE.withAddedColumn("colour", "text").withAddedColumn("sizes", "list<frozen<tuple<int, int>>>");

        assertThat(table.addedColumns()).extracting(SchemaElement.AddedColumn::name).containsExactly("colour", "sizes");
        assertThat(table.addColumnStatement(CqlIdentifier.fromInternal("ks"), table.addedColumns().get(1)))
            .isEqualTo("ALTER TABLE ks.things ADD sizes list<frozen<tuple<int, int>>>");
    }

    @Test
    void anAddedColumnShouldBeDeclaredAlikeInTheCreateStatement() {
        assertThatThrownBy(() -> TABLE.withAddedColumn("weight", "int"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'weight int'");
        assertThatThrownBy(() -> TABLE.withAddedColumn("colour", "int"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'colour int'");
        assertThatThrownBy(() -> TABLE.withAddedColumn("olour", "text"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'olour text'");
        assertThatThrownBy(() -> TABLE.withAddedColumn("Colour; DROP", "text"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Invalid CQL column name");
    }

    @Test
    void onlyATableShouldGainColumns() {
        SchemaElement type = SchemaElement.type("point", "CREATE TYPE IF NOT EXISTS %s (x int, y int)");

        assertThatThrownBy(() -> type.withAddedColumn("x", "int")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theOrganisationsTableShouldDeclareItsTrustedCertificatesAsAddedAfterItFirstShipped() {
        assertThat(CassandraStoresSchema.ALL.stream().flatMap(schema -> schema.tables().stream())
                .flatMap(table -> table.addedColumns().stream().map(column -> table.name() + "." + column)))
            .containsExactly("organisations.route_trusted_certificates text");
    }
}
