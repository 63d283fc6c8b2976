package io.emergencyinbox.cassandra.health;

import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import javax.inject.Inject;

import io.emergencyinbox.cassandra.ConcurrentUpdateException;
import io.emergencyinbox.cassandra.ContentionBackoff;
import io.emergencyinbox.cassandra.LightweightTransactions;
import io.emergencyinbox.cassandra.StoreSession;
import io.emergencyinbox.cassandra.health.DownstreamStateDao.Versioned;
import io.emergencyinbox.core.health.DownstreamState;
import io.emergencyinbox.core.health.DownstreamStateStore;
import io.emergencyinbox.core.health.StateChange;
import io.emergencyinbox.core.organisation.OrganisationId;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Route states shared by every gateway node. {@link #update} reads, applies the change and writes back with a
 * lightweight transaction on the revision read; when another node wrote meanwhile it starts again from the
 * newer state, so no update is lost (the change may therefore be applied more than once to different states).
 */
public class CassandraDownstreamStateStore implements DownstreamStateStore {
    private static final int MAX_ATTEMPTS = 200;

    private final DownstreamStateDao dao;

    @Inject
    public CassandraDownstreamStateStore(StoreSession session) {
        this.dao = new DownstreamStateDao(session);
    }

    @Override
    public Mono<DownstreamState> get(OrganisationId organisation) {
        return dao.read(organisation).map(versioned -> versioned.state);
    }

    @Override
    public Mono<StateChange> update(OrganisationId organisation, Function<Optional<DownstreamState>, DownstreamState> change) {
        return attempt(organisation, change, 1);
    }

    @Override
    public Flux<DownstreamState> list() {
        return dao.readAll();
    }

    @Override
    public Mono<Void> delete(OrganisationId organisation) {
        return dao.delete(organisation);
    }

    private Mono<StateChange> attempt(OrganisationId organisation, Function<Optional<DownstreamState>, DownstreamState> change,
                                      int attempt) {
        return dao.read(organisation).map(Optional::of).defaultIfEmpty(Optional.empty()).flatMap(current -> {
            Optional<DownstreamState> before = current.map(versioned -> versioned.state);
            DownstreamState after = change.apply(before);
            UUID revision = UUID.randomUUID();
            Mono<Boolean> written = current
                .map(versioned -> dao.replaceIfUnchanged(versioned, after, revision))
                .orElseGet(() -> dao.insertIfAbsent(after, revision))
                .onErrorResume(LightweightTransactions::outcomeUnknown, unknown -> wasWritten(organisation, revision));
            return written.flatMap(applied -> {
                if (applied) {
                    return Mono.just(new StateChange(before, after));
                }
                if (attempt >= MAX_ATTEMPTS) {
                    return Mono.error(new ConcurrentUpdateException("The state of route " + organisation.asString(), attempt));
                }
                return ContentionBackoff.pause(attempt).then(Mono.defer(() -> attempt(organisation, change, attempt + 1)));
            });
        });
    }

    private Mono<Boolean> wasWritten(OrganisationId organisation, UUID revision) {
        return dao.readSerial(organisation)
            .map(versioned -> versioned.recentRevisions.contains(revision))
            .defaultIfEmpty(false);
    }
}
