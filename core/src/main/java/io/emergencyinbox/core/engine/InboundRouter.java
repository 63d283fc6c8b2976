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
import io.emergencyinbox.core.routing.RoutedMailLedger;
import io.emergencyinbox.core.spool.AttemptFailure;
import io.emergencyinbox.core.spool.RecipientStatus;
import io.emergencyinbox.core.spool.SpoolEntry;
import io.emergencyinbox.core.spool.SpoolRecipient;
import reactor.core.publisher.Mono;

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
    private final RoutedMailLedger routed;
    private final ContinuityPolicy policy;
    private final Clock clock;

    @Inject
    public InboundRouter(HealthTracker health, DownstreamTransport transport, SpoolWriter spoolWriter, SenderNotifier notifier,
                         ContinuityMetrics metrics, RoutedMailLedger routed, ContinuityPolicy policy, Clock clock) {
        this.health = health;
        this.transport = transport;
        this.spoolWriter = spoolWriter;
        this.notifier = notifier;
        this.metrics = metrics;
        this.routed = routed;
        this.policy = policy;
        this.clock = clock;
    }

    /**
     * Routes the message. Its arrival time (spool age, drain order, {@code Arrival-Date} of notices) is
     * when the gateway accepted it over SMTP: the gateway's clock now, less the time the mail waited in
     * James's queue before reaching us ({@code queueDelay}).
     *
     * <p>{@code mailName} is the pipeline's name for the mail, the same when its queue hands it over again after a
     * crash: a mail already routed for this organisation is passed over, and one routed now is recorded as soon
     * as its fate is committed ({@link RoutedMailLedger}).
     */
    public RoutingReport route(Organisation organisation, String mailName, Envelope envelope, ContentSource content,
                               Duration queueDelay, Optional<String> subject) {
        String key = RoutedMailLedger.key(mailName, organisation.id().asString());
        if (routed.contains(key).block()) {
            LOGGER.info("Mail {} was routed for {} before the gateway restarted; the queue handed it over again: passed over",
                mailName, organisation.id().asString());
            return RoutingReport.routedBefore();
        }
        Mono<Void> record = routed.record(key).onErrorResume(e -> {
            // The mail's fate is committed: failing it now would make it be routed again. Only a crash before the
            // pipeline acknowledges it could still repeat it.
            LOGGER.warn("Could not record mail {} as routed for {}", mailName, organisation.id().asString(), e);
            return Mono.empty();
        });
        Instant now = clock.instant();
        Instant arrival = queueDelay.isNegative() ? now : now.minus(queueDelay);
        DownstreamState state = health.current(organisation.id()).block();
        if (organisation.route().isEmpty()) {
            AttemptFailure failure = AttemptFailure.ofConnection(now, "organisation has no downstream route");
            return spoolAll(organisation, envelope, content, arrival, subject, state, Optional.of(failure), record);
        }
        if (!state.isUp()) {
            return spoolAll(organisation, envelope, content, arrival, subject, state, Optional.empty(), record);
        }
        DownstreamRoute route = organisation.route().get();
        DeliveryResult result;
        try (DownstreamSession session = transport.open(route)) {
            result = session.deliver(envelope, content);
        } catch (RouteUnavailableException e) {
            LOGGER.warn("Downstream of {} unavailable: {}", organisation.id().asString(), e.getMessage());
            DownstreamState after = health.recordFailure(organisation.id(), Evidence.DELIVERY, e.getMessage()).block();
            AttemptFailure failure = AttemptFailure.ofConnection(clock.instant(), e.getMessage());
            return spoolAll(organisation, envelope, content, arrival, subject, after, Optional.of(failure), record);
        }
        health.recordSuccess(organisation.id(), Evidence.DELIVERY).block();
        return apply(organisation, envelope, content, arrival, subject, result, record);
    }

    /** Records the mail as routed once the relayed and refused recipients are settled and the deferred ones spooled. */
    private RoutingReport apply(Organisation organisation, Envelope envelope, ContentSource content, Instant arrival,
                                Optional<String> subject, DeliveryResult result, Mono<Void> record) {
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
            spooled = Optional.of(spoolWriter.spool(entry, content, record).block());
        } else {
            record.block();
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
                                   Optional<String> subject, DownstreamState state, Optional<AttemptFailure> routeFailure,
                                   Mono<Void> record) {
        SpoolEntry entry = spoolWriter.newEntry(organisation.id(), envelope, arrival, content.size(), subject)
            .map(builder -> builder
                .outage(state.isUp() ? Optional.empty() : state.outage())
                .lastFailure(routeFailure)
                .attempts(routeFailure.isPresent() ? 1 : 0)
                .build())
            .block();
        return new RoutingReport(List.of(), List.of(), Optional.of(spoolWriter.spool(entry, content, record).block()));
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
