package io.emergencyinbox.cassandra.schema;

import java.util.Objects;
import java.util.regex.Pattern;

import com.datastax.oss.driver.api.core.CqlIdentifier;

/**
 * A table or a user-defined type of our keyspace: its name and its {@code CREATE ... IF NOT EXISTS}
 * statement, written with {@code %s} where the keyspace-qualified name goes. Statements are plain CQL so
 * that docs/cassandra.md can show them as they run.
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

    private final Kind kind;
    private final String name;
    private final String createStatement;

    private SchemaElement(Kind kind, String name, String createStatement) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Invalid CQL name '" + name + "'");
        }
        if (!createStatement.contains("IF NOT EXISTS %s")) {
            throw new IllegalArgumentException("The statement creating '" + name + "' must read 'IF NOT EXISTS %s'");
        }
        this.kind = kind;
        this.name = name;
        this.createStatement = createStatement;
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
