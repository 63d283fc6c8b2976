package io.emergencyinbox.core.engine;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import javax.inject.Inject;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.util.concurrent.RateLimiter;
import com.google.common.util.concurrent.ThreadFactoryBuilder;

import io.emergencyinbox.core.config.ContinuityPolicy;
import io.emergencyinbox.core.delivery.DownstreamSession;
import io.emergencyinbox.core.delivery.DownstreamTransport;
import io.emergencyinbox.core.delivery.RouteUnavailableException;
import io.emergencyinbox.core.health.DownstreamState;
import io.emergencyinbox.core.health.Evidence;
import io.emergencyinbox.core.health.HealthTracker;
import io.emergencyinbox.core.organisation.Organisation;
import io.emergencyinbox.core.organisation.OrganisationId;
import io.emergencyinbox.core.organisation.OrganisationStore;
import io.emergencyinbox.core.spool.AttemptFailure;
import io.emergencyinbox.core.spool.SpoolEntry;
import io.emergencyinbox.core.spool.SpoolLeases;
import io.emergencyinbox.core.spool.SpoolStore;
import reactor.core.publisher.Mono;

/**
 * Delivers due spool entries of every UP route: retries after backoff, and the drain after an
 * outage. Reads due entries in pages ordered by next attempt (never the whole spool), attempts them
 * with bounded concurrency per route over reused sessions, at an optional rate, each under a lease
 * so that one entry is attempted by one worker of one node at a time. Never touches a DOWN route.
 */
public class DrainScheduler {
    private static final Logger LOGGER = LoggerFactory.getLogger(DrainScheduler.class);

    private final OrganisationStore organisations;
    private final HealthTracker health;
    private final SpoolStore spool;
    private final SpoolLeases leases;
    private final DownstreamTransport transport;
    private final SpoolDelivery delivery;
    private final ContinuityPolicy policy;
    private final Clock clock;
    private final String node = "node-" + UUID.randomUUID();
    private final Map<OrganisationId, CompletableFuture<DrainReport>> running = new ConcurrentHashMap<>();
    private final Map<OrganisationId, Instant> pausedUntil = new ConcurrentHashMap<>();
    private final ExecutorService drains = Executors.newCachedThreadPool(
        new ThreadFactoryBuilder().setNameFormat("emergency-drain-%d").setDaemon(true).build());
    private final ExecutorService workers = Executors.newCachedThreadPool(
        new ThreadFactoryBuilder().setNameFormat("emergency-drain-worker-%d").setDaemon(true).build());

    @Inject
    public DrainScheduler(OrganisationStore organisations, HealthTracker health, SpoolStore spool, SpoolLeases leases,
                          DownstreamTransport transport, SpoolDelivery delivery, ContinuityPolicy policy, Clock clock) {
        this.organisations = organisations;
        this.health = health;
        this.spool = spool;
        this.leases = leases;
        this.transport = transport;
        this.delivery = delivery;
        this.policy = policy;
        this.clock = clock;
    }

    /** Starts a drain in the background for every UP route with due mail that is not draining already. */
    public void startDueDrains() {
        Instant now = clock.instant();
        organisations.list()
            .filter(organisation -> organisation.route().isPresent())
            .filter(organisation -> !running.containsKey(organisation.id()))
            .filter(organisation -> pausedUntil.getOrDefault(organisation.id(), Instant.MIN).isBefore(now))
            .filterWhen(organisation -> health.current(organisation.id()).map(DownstreamState::isUp))
            .filterWhen(organisation -> spool.dueForDelivery(organisation.id(), now, 1).hasElements())
            .toIterable()
            .forEach(this::startDrain);
    }

    /** Drains the route now and waits for the end (WebAdmin flush, tests). Joins a drain already running. */
    public DrainReport drainNow(OrganisationId organisation) {
        pausedUntil.remove(organisation);
        Organisation target = organisations.get(organisation).blockOptional().orElse(null);
        if (target == null || target.route().isEmpty()) {
            return DrainReport.NOTHING;
        }
        return startDrain(target).join();
    }

    public boolean isDraining(OrganisationId organisation) {
        return running.containsKey(organisation);
    }

    /** Lifts the pause that follows a route failure (the route just came back UP). */
    public void resume(OrganisationId organisation) {
        pausedUntil.remove(organisation);
    }

    public void shutdown() {
        drains.shutdownNow();
        workers.shutdownNow();
    }

    private CompletableFuture<DrainReport> startDrain(Organisation organisation) {
        CompletableFuture<DrainReport> future = new CompletableFuture<>();
        CompletableFuture<DrainReport> existing = running.putIfAbsent(organisation.id(), future);
        if (existing != null) {
            return existing;
        }
        drains.execute(() -> {
            DrainReport report = null;
            RuntimeException failure = null;
            try {
                report = drain(organisation);
            } catch (RuntimeException e) {
                LOGGER.error("Drain of {} failed", organisation.id().asString(), e);
                failure = e;
            } finally {
                // Leave before waking the waiters: a drain asked for once they return must be a new one.
                running.remove(organisation.id(), future);
            }
            if (failure != null) {
                future.completeExceptionally(failure);
            } else {
                future.complete(report);
            }
        });
        return future;
    }

    private DrainReport drain(Organisation organisation) {
        DrainReport total = DrainReport.NOTHING;
        Optional<RateLimiter> rate = policy.drainRatePerSecond() > 0
            ? Optional.of(RateLimiter.create(policy.drainRatePerSecond()))
            : Optional.empty();
        try (SessionPool sessions = new SessionPool(transport, organisation.route().orElseThrow())) {
            while (!Thread.currentThread().isInterrupted()) {
                if (!health.current(organisation.id()).map(DownstreamState::isUp).block()) {
                    break;
                }
                List<SpoolEntry> page = spool.dueForDelivery(organisation.id(), clock.instant(), policy.schedulerPageSize())
                    .collectList().block();
                if (page.isEmpty()) {
                    break;
                }
                PageResult result = attemptPage(page, sessions, rate);
                total = total.plus(result.report);
                if (result.routeFailure.isPresent()) {
                    String error = result.routeFailure.get();
                    LOGGER.warn("Drain of {} stopped: {}", organisation.id().asString(), error);
                    pausedUntil.put(organisation.id(), clock.instant().plus(policy.probeInterval()));
                    health.recordFailure(organisation.id(), Evidence.DELIVERY, error).block();
                    break;
                }
                if (result.report.attempted() > 0) {
                    health.recordSuccess(organisation.id(), Evidence.DELIVERY).block();
                }
                if (result.report.attempted() == 0) {
                    break; // every due entry is leased by another node
                }
            }
        }
        if (total.attempted() > 0) {
            LOGGER.info("Drain of {}: {}", organisation.id().asString(), total);
        }
        return total;
    }

    private static final class PageResult {
        private final DrainReport report;
        private final Optional<String> routeFailure;

        private PageResult(DrainReport report, Optional<String> routeFailure) {
            this.report = report;
            this.routeFailure = routeFailure;
        }
    }

    private PageResult attemptPage(List<SpoolEntry> page, SessionPool sessions, Optional<RateLimiter> rate) {
        Semaphore slots = new Semaphore(policy.drainConcurrency());
        AtomicReference<String> routeFailure = new AtomicReference<>();
        AtomicInteger attempted = new AtomicInteger();
        AtomicInteger completed = new AtomicInteger();
        AtomicInteger deferred = new AtomicInteger();
        List<CompletableFuture<Void>> tasks = new ArrayList<>();
        for (SpoolEntry entry : page) {
            if (routeFailure.get() != null) {
                break;
            }
            slots.acquireUninterruptibly();
            tasks.add(CompletableFuture.runAsync(() -> {
                try {
                    if (routeFailure.get() != null) {
                        return;
                    }
                    Instant now = clock.instant();
                    if (!leases.tryAcquire(entry.id(), node, now, now.plus(policy.leaseDuration())).block()) {
                        return;
                    }
                    try {
                        attempted.incrementAndGet();
                        attemptOne(entry, sessions, rate, routeFailure).ifPresent(result -> {
                            if (result == SpoolDelivery.Result.COMPLETED) {
                                completed.incrementAndGet();
                            } else {
                                deferred.incrementAndGet();
                            }
                        });
                    } finally {
                        leases.release(entry.id(), node).block();
                    }
                } catch (RuntimeException e) {
                    LOGGER.error("Attempt of spool entry {} failed unexpectedly; it stays spooled", entry.id(), e);
                } finally {
                    slots.release();
                }
            }, workers));
        }
        CompletableFuture.allOf(tasks.toArray(CompletableFuture[]::new)).join();
        return new PageResult(new DrainReport(attempted.get(), completed.get(), deferred.get(), routeFailure.get() != null),
            Optional.ofNullable(routeFailure.get()));
    }

    /**
     * The rate is spent on real attempts only: an entry another node delivered meanwhile is passed over at once, so
     * that a node which started its drain later catches up with the other instead of trailing it through the same
     * page, at the same rate, finding every entry done.
     */
    private Optional<SpoolDelivery.Result> attemptOne(SpoolEntry entry, SessionPool sessions, Optional<RateLimiter> rate,
                                                      AtomicReference<String> routeFailure) {
        SpoolEntry current = spool.get(entry.id()).block();
        if (current == null || !current.hasPendingRecipients()) {
            return Optional.empty(); // delivered or purged meanwhile
        }
        rate.ifPresent(RateLimiter::acquire);
        if (routeFailure.get() != null) {
            return Optional.empty();
        }
        DownstreamSession session = null;
        try {
            session = sessions.borrow();
            return Optional.of(delivery.attempt(current, session));
        } catch (RouteUnavailableException e) {
            routeFailure.compareAndSet(null, e.getMessage());
            if (session == null) {
                AttemptFailure failure = AttemptFailure.ofConnection(clock.instant(), e.getMessage());
                spool.update(current.with(builder -> builder.lastFailure(Optional.of(failure))))
                    .onErrorResume(error -> Mono.empty())
                    .block();
            }
            return Optional.empty();
        } finally {
            if (session != null) {
                sessions.giveBack(session);
            }
        }
    }
}
