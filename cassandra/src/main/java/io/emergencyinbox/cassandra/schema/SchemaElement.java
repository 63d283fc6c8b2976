package io.emergencyinbox.cassandra.schema;

import java.util.Objects;
import java.util.regex.Pattern;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.google.common.collect.ImmutableList;

/**
 * A table or a user-defined type of our keyspace: its name and its {@code CREATE ... IF NOT EXISTS}
 * statement, written with {@code %s} where the keyspace-qualified name goes. Statements are plain CQL so
 * that docs/cassandra.md can show them as they run.
 *
 * <p>A column a later version adds to an existing table is written in the {@code CREATE} statement (a new
 * keyspace gets it there) and declared with {@link #withAddedColumn}: {@link KeyspaceSchema} adds it to a
 * keyspace created before it (ADR 59). Schema changes are additive only.
 */
public final class SchemaElement {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,47}");

    public enum Kind {
        TYPE, TABLE
    }

    public static SchemaElement type(String name, String createStatement) {
        return new SchemaElement(Kind.TYPE, name, createStatement);
    }

    public static SchemaElement table(String name, String createStatement) {
        return new SchemaElement(Kind.TABLE, name, createStatement);
    }

    /** A column added to a table after the table first shipped: its name and CQL type, as in the table's statement. */
    public static final class AddedColumn {
        private final String name;
        private final String cqlType;

        private AddedColumn(String name, String cqlType) {
            this.name = name;
            this.cqlType = cqlType;
        }

        public String name() {
            return name;
        }

        public String cqlType() {
            return cqlType;
        }

        @Override
        public String toString() {
            return name + " " + cqlType;
        }
    }

    private final Kind kind;
    private final String name;
    private final String createStatement;
    private final ImmutableList<AddedColumn> addedColumns;

    private SchemaElement(Kind kind, String name, String createStatement) {
        this(kind, name, createStatement, ImmutableList.of());
    }

    private SchemaElement(Kind kind, String name, String createStatement, ImmutableList<AddedColumn> addedColumns) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Invalid CQL name '" + name + "'");
        }
        if (!createStatement.contains("IF NOT EXISTS %s")) {
            throw new IllegalArgumentException("The statement creating '" + name + "' must read 'IF NOT EXISTS %s'");
        }
        this.kind = kind;
        this.name = name;
        this.createStatement = createStatement;
        this.addedColumns = addedColumns;
    }

    /**
     * Declares a column this table gained after it first shipped, so that a keyspace created before gets it at
     * start. The table's statement must declare the same column with the same type ({@code name type}), so that a
     * new keyspace and an upgraded one end alike.
     */
    public SchemaElement withAddedColumn(String column, String cqlType) {
        if (kind != Kind.TABLE) {
            throw new IllegalArgumentException("Only a table gains columns, not " + this);
        }
        if (!NAME.matcher(column).matches()) {
            throw new IllegalArgumentException("Invalid CQL column name '" + column + "'");
        }
        if (!createStatement.matches("(?s).*[(,]\\s*" + Pattern.quote(column + " " + cqlType) + "\\s*[,)].*")) {
            throw new IllegalArgumentException("The statement creating '" + name + "' must declare the added column '"
                + column + " " + cqlType + "'");
        }
        return new SchemaElement(kind, name, createStatement, ImmutableList.<AddedColumn>builder()
            .addAll(addedColumns).add(new AddedColumn(column, cqlType)).build());
    }

    public Kind kind() {
        return kind;
    }

    public String name() {
        return name;
    }

    public String qualifiedName(CqlIdentifier keyspace) {
        return keyspace.asCql(true) + "." + name;
    }

    public String createStatement(CqlIdentifier keyspace) {
        return String.format(createStatement, qualifiedName(keyspace));
    }

    public ImmutableList<AddedColumn> addedColumns() {
        return addedColumns;
    }

    public String addColumnStatement(CqlIdentifier keyspace, AddedColumn column) {
        return "ALTER TABLE " + qualifiedName(keyspace) + " ADD " + column.name() + " " + column.cqlType();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SchemaElement && ((SchemaElement) o).kind == kind && ((SchemaElement) o).name.equals(name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, name);
    }

    @Override
    public String toString() {
        return kind + " " + name;
    }
}
