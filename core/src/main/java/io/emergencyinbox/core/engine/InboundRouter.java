package io.emergencyinbox.core.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;

import io.emergencyinbox.core.config.ContinuityPolicy;
import io.emergencyinbox.core.delivery.DeliveryResult;
import io.emergencyinbox.core.delivery.DownstreamSession;
import io.emergencyinbox.core.delivery.DownstreamTransport;
import io.emergencyinbox.core.delivery.RecipientOutcome;
import io.emergencyinbox.core.delivery.RouteUnavailableException;
import io.emergencyinbox.core.health.DownstreamState;
import io.emergencyinbox.core.health.Evidence;
import io.emergencyinbox.core.health.HealthTracker;
import io.emergencyinbox.core.message.ContentSource;
import io.emergencyinbox.core.message.Envelope;
import io.emergencyinbox.core.message.EnvelopeRecipient;
import io.emergencyinbox.core.notice.FailureCause;
import io.emergencyinbox.core.notice.SenderNotifier;
import io.emergencyinbox.core.organisation.Organisation;
import io.emergencyinbox.core.route.DownstreamRoute;
import io.emergencyinbox.core.spool.AttemptFailure;
import io.emergencyinbox.core.spool.RecipientStatus;
import io.emergencyinbox.core.spool.SpoolEntry;
import io.emergencyinbox.core.spool.SpoolRecipient;

/**
 * The inbound flow of DESIGN §4 for the recipients of one organisation: while its route is UP,
 * deliver at once; on a route failure or a temporary refusal, spool; on a permanent refusal,
 * return to the sender; while the route is DOWN, spool without any attempt.
 *
 * <p>Blocking: called from mail pipeline threads, it returns once every recipient is relayed,
 * bounced or committed to the spool.
 */
public class InboundRouter {
    private static final Logger LOGGER = LoggerFactory.getLogger(InboundRouter.class);

    private final HealthTracker health;
    private final DownstreamTransport transport;
    private final SpoolWriter spoolWriter;
    private final SenderNotifier notifier;
    private final ContinuityMetrics metrics;
    private final ContinuityPolicy policy;
    private final Clock clock;

    @Inject
    public InboundRouter(HealthTracker health, DownstreamTransport transport, SpoolWriter spoolWriter, SenderNotifier notifier,
                         ContinuityMetrics metrics, ContinuityPolicy policy, Clock clock) {
        this.health = health;
        this.transport = transport;
        this.spoolWriter = spoolWriter;
        this.notifier = notifier;
        this.metrics = metrics;
        this.policy = policy;
        this.clock = clock;
    }

    /**
     * Routes the message. Its arrival time (spool age, drain order, {@code Arrival-Date} of notices) is
     * when the gateway accepted it over SMTP: the gateway's clock now, less the time the mail waited in
     * James's queue before reaching us ({@code queueDelay}).
     */
    public RoutingReport route(Organisation organisation, Envelope envelope, ContentSource content, Duration queueDelay,
                               Optional<String> subject) {
        Instant now = clock.instant();
        Instant arrival = queueDelay.isNegative() ? now : now.minus(queueDelay);
        DownstreamState state = health.current(organisation.id()).block();
        if (organisation.route().isEmpty()) {
            AttemptFailure failure = AttemptFailure.ofConnection(now, "organisation has no downstream route");
            return spoolAll(organisation, envelope, content, arrival, subject, state, Optional.of(failure));
        }
        if (!state.isUp()) {
            return spoolAll(organisation, envelope, content, arrival, subject, state, Optional.empty());
        }
        DownstreamRoute route = organisation.route().get();
        DeliveryResult result;
        try (DownstreamSession session = transport.open(route)) {
            result = session.deliver(envelope, content);
        } catch (RouteUnavailableException e) {
            LOGGER.warn("Downstream of {} unavailable: {}", organisation.id().asString(), e.getMessage());
            DownstreamState after = health.recordFailure(organisation.id(), Evidence.DELIVERY, e.getMessage()).block();
            AttemptFailure failure = AttemptFailure.ofConnection(clock.instant(), e.getMessage());
            return spoolAll(organisation, envelope, content, arrival, subject, after, Optional.of(failure));
        }
        health.recordSuccess(organisation.id(), Evidence.DELIVERY).block();
        return apply(organisation, envelope, content, arrival, subject, result);
    }

    private RoutingReport apply(Organisation organisation, Envelope envelope, ContentSource content, Instant arrival,
                                Optional<String> subject, DeliveryResult result) {
        Instant now = clock.instant();
        List<MailAddress> relayed = addresses(result.withKind(RecipientOutcome.Kind.DELIVERED));
        metrics.relayed(relayed.size());
        ImmutableList<RecipientOutcome> refused = result.withKind(RecipientOutcome.Kind.PERMANENT_FAILURE);
        ImmutableList<RecipientOutcome> deferred = result.withKind(RecipientOutcome.Kind.TEMPORARY_FAILURE);
        if (!refused.isEmpty()) {
            bounce(organisation, envelope, content, arrival, subject, refused, now);
        }
        Optional<SpoolEntry> spooled = Optional.empty();
        if (!deferred.isEmpty()) {
            Map<MailAddress, AttemptFailure> failures = failuresOf(deferred, now);
            Envelope deferredEnvelope = envelope.withRecipients(only(envelope, failures.keySet()));
            SpoolEntry entry = spoolWriter.newEntry(organisation.id(), deferredEnvelope, arrival, content.size(), subject)
                .map(builder -> builder.attempts(1).nextAttempt(now.plus(policy.retryDelay(1))).build())
                .map(draft -> draft.with(builder -> builder.recipients(draft.recipients().stream()
                    .map(recipient -> recipient.withFailure(failures.get(recipient.address())))
                    .collect(ImmutableList.toImmutableList()))))
                .block();
            spooled = Optional.of(spoolWriter.spool(entry, content).block());
        }
        return new RoutingReport(relayed, addresses(refused), spooled);
    }

    private void bounce(Organisation organisation, Envelope envelope, ContentSource content, Instant arrival,
                        Optional<String> subject, List<RecipientOutcome> refused, Instant now) {
        Map<MailAddress, AttemptFailure> failures = failuresOf(refused, now);
        SpoolEntry transientEntry = spoolWriter.newEntry(organisation.id(), envelope.withRecipients(only(envelope, failures.keySet())),
                arrival, content.size(), subject)
            .map(builder -> builder.attempts(1).build())
            .block();
        List<SpoolRecipient> bounced = transientEntry.recipients().stream()
            .map(recipient -> recipient.withFailure(failures.get(recipient.address())).withStatus(RecipientStatus.BOUNCED))
            .collect(ImmutableList.toImmutableList());
        notifier.failed(transientEntry, bounced, FailureCause.PERMANENT_REPLY, content).block();
        // Not spooled, so not part of any outage: nothing to count there.
        metrics.bounced(bounced.size());
    }

    private RoutingReport spoolAll(Organisation organisation, Envelope envelope, ContentSource content, Instant arrival,
                                   Optional<String> subject, DownstreamState state, Optional<AttemptFailure> routeFailure) {
        SpoolEntry entry = spoolWriter.newEntry(organisation.id(), envelope, arrival, content.size(), subject)
            .map(builder -> builder
                .outage(state.isUp() ? Optional.empty() : state.outage())
                .lastFailure(routeFailure)
                .attempts(routeFailure.isPresent() ? 1 : 0)
                .build())
            .block();
        return new RoutingReport(List.of(), List.of(), Optional.of(spoolWriter.spool(entry, content).block()));
    }

    private static List<EnvelopeRecipient> only(Envelope envelope, Set<MailAddress> addresses) {
        return envelope.recipients().stream()
            .filter(recipient -> addresses.contains(recipient.address()))
            .collect(ImmutableList.toImmutableList());
    }

    private static Map<MailAddress, AttemptFailure> failuresOf(List<RecipientOutcome> outcomes, Instant now) {
        return outcomes.stream().collect(ImmutableMap.toImmutableMap(RecipientOutcome::recipient,
            outcome -> AttemptFailure.ofReply(now, outcome.remoteMta(), outcome.reply().orElseThrow())));
    }

    private static List<MailAddress> addresses(List<RecipientOutcome> outcomes) {
        return outcomes.stream().map(RecipientOutcome::recipient).collect(ImmutableList.toImmutableList());
    }
}
