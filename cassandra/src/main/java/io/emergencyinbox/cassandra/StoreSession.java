package io.emergencyinbox.cassandra;

import java.util.concurrent.Executors;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.google.common.util.concurrent.ThreadFactoryBuilder;

import io.emergencyinbox.cassandra.schema.SchemaElement;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The session our DAOs use: James's {@link CqlSession} (or our own), the keyspace holding our tables, and the
 * consistency levels every statement runs at. Results come back as Reactor types; nothing here blocks.
 *
 * <p>Results are handed over on threads of our own, never on the driver's I/O threads: what callers chain
 * after a store call (James's mailbox appends, a {@code block()} on another store call) would otherwise run on
 * the event loop that must deliver every other response of that connection, and stall them all until they
 * time out. The pool grows as needed (a blocked caller never starves another) and is not Reactor's shared
 * one, which James's own reactive code needs.
 */
public final class StoreSession {
    private static final Scheduler RESULTS = Schedulers.fromExecutorService(Executors.newCachedThreadPool(
        new ThreadFactoryBuilder().setNameFormat("emergency-cassandra-%d").setDaemon(true).build()), "emergency-cassandra");

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
        return Mono.fromCompletionStage(() -> session.executeAsync(withConsistency(statement))).publishOn(RESULTS);
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
        return Mono.fromCompletionStage(() -> session.executeAsync(batch)).publishOn(RESULTS).then();
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
            .publishOn(RESULTS)
            .flatMap(result -> Mono.justOrEmpty(result.one()));
    }

    /** Every row, page by page as they are consumed. */
    public Flux<Row> rows(BoundStatement statement) {
        return Flux.from(session.executeReactive(withConsistency(statement))).publishOn(RESULTS).map(Row.class::cast);
    }

    /** Runs a lightweight transaction ({@code IF ...}): whether it applied, and the current row when it did not. */
    public Mono<ConditionalResult> conditional(BoundStatement statement) {
        return execute(statement).map(result -> new ConditionalResult(result.wasApplied(), result.one()));
    }

    private BoundStatement withConsistency(BoundStatement statement) {
        return statement.setConsistencyLevel(regularConsistency).setSerialConsistencyLevel(serialConsistency);
    }
}
