package io.emergencyinbox.cassandra.outage;

import java.time.Instant;

import javax.inject.Inject;

import io.emergencyinbox.cassandra.StoreSession;
import io.emergencyinbox.core.organisation.OrganisationId;
import io.emergencyinbox.core.outage.Outage;
import io.emergencyinbox.core.outage.OutageCounter;
import io.emergencyinbox.core.outage.OutageId;
import io.emergencyinbox.core.outage.OutageStore;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Outages with their counters in a Cassandra counter table, which every node increments concurrently. */
public class CassandraOutageStore implements OutageStore {
    private static final int CONCURRENT_READS = 8;

    private final OutageDao outages;
    private final OutageCounterDao counters;

    @Inject
    public CassandraOutageStore(StoreSession session) {
        this.outages = new OutageDao(session);
        this.counters = new OutageCounterDao(session);
    }

    /** Indexes the stored record, so that opening again also repairs an index write lost to a crash. */
    @Override
    public Mono<Void> open(Outage outage) {
        return outages.insertIfAbsent(outage).flatMap(outages::index);
    }

    @Override
    public Mono<Void> close(OutageId id, Instant end) {
        return outages.endIfOpen(id, end);
    }

    @Override
    public Mono<Outage> get(OutageId id) {
        return outages.read(id).flatMap(outage -> counters.read(id).map(outage::withCounters));
    }

    @Override
    public Flux<Outage> list(OrganisationId organisation) {
        return outages.idsNewestFirst(organisation).flatMapSequential(this::get, CONCURRENT_READS);
    }

    @Override
    public Mono<Void> increment(OutageId id, OutageCounter counter, long delta) {
        return counters.add(id, counter, delta);
    }

    @Override
    public Mono<Void> deleteAll(OrganisationId organisation) {
        return outages.idsNewestFirst(organisation)
            .concatMap(id -> outages.delete(id).then(counters.delete(id)))
            .then(outages.deleteIndex(organisation));
    }
}
