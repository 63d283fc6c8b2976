package io.emergencyinbox.cassandra;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;

import io.emergencyinbox.cassandra.schema.SchemaElement;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The session our DAOs use: James's {@link CqlSession} (or our own), the keyspace holding our tables, and the
 * consistency levels every statement runs at. Results come back as Reactor types; nothing here blocks.
 */
public final class StoreSession {
    private final CqlSession session;
    private final CqlIdentifier keyspace;
    private final ConsistencyLevel regularConsistency;
    private final ConsistencyLevel serialConsistency;

    public StoreSession(CqlSession session, CqlIdentifier keyspace, ConsistencyLevel regularConsistency,
                        ConsistencyLevel serialConsistency) {
        this.session = session;
        this.keyspace = keyspace;
        this.regularConsistency = regularConsistency;
        this.serialConsistency = serialConsistency;
    }

    public CqlSession cqlSession() {
        return session;
    }

    public CqlIdentifier keyspace() {
        return keyspace;
    }

    /**
     * Prepares a statement once. {@code %s} placeholders are replaced by the keyspace-qualified names of the
     * given tables or types, in order.
     */
    public PreparedStatement prepare(String cql, SchemaElement... elements) {
        Object[] names = new Object[elements.length];
        for (int i = 0; i < elements.length; i++) {
            names[i] = elements[i].qualifiedName(keyspace);
        }
        return session.prepare(String.format(cql, names));
    }

    public Mono<AsyncResultSet> execute(BoundStatement statement) {
        return Mono.fromCompletionStage(() -> session.executeAsync(withConsistency(statement)));
    }

    public Mono<Void> write(BoundStatement statement) {
        return execute(statement).then();
    }

    /**
     * Writes to several partitions as one logged batch: Cassandra applies all of them eventually, even when
     * this node dies right after sending it. For the few writes that must not be half done.
     */
    public Mono<Void> writeAll(BoundStatement... statements) {
        BatchStatement batch = BatchStatement.newInstance(BatchType.LOGGED, statements)
            .setConsistencyLevel(regularConsistency)
            .setSerialConsistencyLevel(serialConsistency);
        return Mono.fromCompletionStage(() -> session.executeAsync(batch)).then();
    }

    /** The first row, or empty. */
    public Mono<Row> row(BoundStatement statement) {
        return execute(statement).flatMap(result -> Mono.justOrEmpty(result.one()));
    }

    /**
     * The first row read through Paxos ({@code SERIAL}): sees a lightweight transaction still in progress,
     * which tells a writer whose transaction timed out whether it applied.
     */
    public Mono<Row> serialRow(BoundStatement statement) {
        return Mono.fromCompletionStage(() -> session.executeAsync(statement.setConsistencyLevel(serialConsistency)))
            .flatMap(result -> Mono.justOrEmpty(result.one()));
    }

    /** Every row, page by page as they are consumed. */
    public Flux<Row> rows(BoundStatement statement) {
        return Flux.from(session.executeReactive(withConsistency(statement))).map(Row.class::cast);
    }

    /** Runs a lightweight transaction ({@code IF ...}): whether it applied, and the current row when it did not. */
    public Mono<ConditionalResult> conditional(BoundStatement statement) {
        return execute(statement).map(result -> new ConditionalResult(result.wasApplied(), result.one()));
    }

    private BoundStatement withConsistency(BoundStatement statement) {
        return statement.setConsistencyLevel(regularConsistency).setSerialConsistencyLevel(serialConsistency);
    }
}
