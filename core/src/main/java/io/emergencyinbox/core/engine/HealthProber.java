package io.emergencyinbox.core.engine;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.util.concurrent.ThreadFactoryBuilder;

import io.emergencyinbox.core.delivery.DownstreamTransport;
import io.emergencyinbox.core.delivery.RouteUnavailableException;
import io.emergencyinbox.core.health.DownstreamState;
import io.emergencyinbox.core.health.Evidence;
import io.emergencyinbox.core.health.HealthTracker;
import io.emergencyinbox.core.organisation.Organisation;
import io.emergencyinbox.core.organisation.OrganisationId;
import io.emergencyinbox.core.organisation.OrganisationStore;

/**
 * The active health probe: connect, 220 greeting, EHLO (and STARTTLS/AUTH as the route requires),
 * QUIT, bounded by the route's timeouts. Routes are probed in parallel so a hanging server delays
 * only its own probe; a route whose previous probe is still running is skipped.
 */
public class HealthProber {
    private static final Logger LOGGER = LoggerFactory.getLogger(HealthProber.class);

    private final OrganisationStore organisations;
    private final HealthTracker health;
    private final DownstreamTransport transport;
    private final Map<OrganisationId, CompletableFuture<DownstreamState>> inFlight = new ConcurrentHashMap<>();
    private final ExecutorService probes = Executors.newCachedThreadPool(
        new ThreadFactoryBuilder().setNameFormat("emergency-probe-%d").setDaemon(true).build());

    @Inject
    public HealthProber(OrganisationStore organisations, HealthTracker health, DownstreamTransport transport) {
        this.organisations = organisations;
        this.health = health;
        this.transport = transport;
    }

    /** Probes every route once and waits for all the answers. */
    public void probeAll() {
        List<CompletableFuture<DownstreamState>> started = organisations.list()
            .filter(organisation -> organisation.route().isPresent())
            .toStream()
            .map(this::probe)
            .collect(Collectors.toList());
        CompletableFuture.allOf(started.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
    }

    public CompletableFuture<DownstreamState> probe(Organisation organisation) {
        CompletableFuture<DownstreamState> future = new CompletableFuture<>();
        CompletableFuture<DownstreamState> existing = inFlight.putIfAbsent(organisation.id(), future);
        if (existing != null) {
            return existing;
        }
        probes.execute(() -> {
            DownstreamState state = null;
            RuntimeException failure = null;
            try {
                state = probeNow(organisation);
            } catch (RuntimeException e) {
                LOGGER.error("Probe of {} failed unexpectedly", organisation.id().asString(), e);
                failure = e;
            } finally {
                // Leave before waking the waiters: a probe asked for once they return must be a new one.
                inFlight.remove(organisation.id(), future);
            }
            if (failure != null) {
                future.completeExceptionally(failure);
            } else {
                future.complete(state);
            }
        });
        return future;
    }

    private DownstreamState probeNow(Organisation organisation) {
        try {
            transport.probe(organisation.route().orElseThrow());
            return health.recordSuccess(organisation.id(), Evidence.PROBE).block();
        } catch (RouteUnavailableException e) {
            LOGGER.debug("Probe of {} failed: {}", organisation.id().asString(), e.getMessage());
            return health.recordFailure(organisation.id(), Evidence.PROBE, e.getMessage()).block();
        }
    }

    public void shutdown() {
        probes.shutdownNow();
    }
}
