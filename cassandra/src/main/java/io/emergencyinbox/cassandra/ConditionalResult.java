package io.emergencyinbox.cassandra;

import java.util.Optional;

import com.datastax.oss.driver.api.core.cql.Row;

/**
 * The outcome of a lightweight transaction: applied or not, and when not, the row that defeated the
 * condition (absent when the row does not exist).
 */
public final class ConditionalResult {
    private final boolean applied;
    private final Optional<Row> current;

    ConditionalResult(boolean applied, Row row) {
        this.applied = applied;
        this.current = applied ? Optional.empty() : Optional.ofNullable(row).filter(r -> r.getColumnDefinitions().size() > 1);
    }

    public boolean applied() {
        return applied;
    }

    /** The existing row when the condition failed; empty when it applied or when no row exists. */
    public Optional<Row> current() {
        return current;
    }
}
