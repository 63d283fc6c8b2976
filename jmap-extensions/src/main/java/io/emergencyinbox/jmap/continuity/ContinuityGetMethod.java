package io.emergencyinbox.jmap.continuity;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.jmap.core.Invocation;
import org.apache.james.jmap.core.SessionTranslator;
import org.apache.james.jmap.method.InvocationWithContext;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.model.MailboxPath;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.emergencyinbox.core.access.AccessPolicy;
import io.emergencyinbox.core.config.ContinuityPolicy;
import io.emergencyinbox.core.health.DownstreamState;
import io.emergencyinbox.core.health.HealthTracker;
import io.emergencyinbox.core.organisation.OrganisationId;
import io.emergencyinbox.core.spool.RecipientSpoolSummary;
import io.emergencyinbox.core.spool.SpoolStore;
import io.emergencyinbox.jmap.JmapJson;
import reactor.core.publisher.Mono;

/**
 * {@code Continuity/get}: the continuity status of an account (docs/jmap-continuity.md): whether
 * its organisation's mail server is reachable, since when, how many of its messages are spooled,
 * when the oldest would go back to its sender, and the id of its Emergency mailbox.
 */
public class ContinuityGetMethod extends ContinuityMethod {
    private static final Set<String> KNOWN_ARGUMENTS = Set.of("accountId");

    private final AccessPolicy accessPolicy;
    private final HealthTracker health;
    private final SpoolStore spool;
    private final MailboxManager mailboxManager;
    private final ContinuityPolicy policy;

    @Inject
    public ContinuityGetMethod(SessionTranslator sessionTranslator, AccessPolicy accessPolicy, HealthTracker health, SpoolStore spool,
                               MailboxManager mailboxManager, ContinuityPolicy policy) {
        super(sessionTranslator);
        this.accessPolicy = accessPolicy;
        this.health = health;
        this.spool = spool;
        this.mailboxManager = mailboxManager;
        this.policy = policy;
    }

    @Override
    public Invocation.MethodName methodName() {
        return new Invocation.MethodName("Continuity/get");
    }

    @Override
    Mono<ObjectNode> answer(InvocationWithContext invocation, MailboxSession accountSession) {
        JmapJson.arguments(invocation).fieldNames().forEachRemaining(name -> {
            if (!KNOWN_ARGUMENTS.contains(name)) {
                throw new IllegalArgumentException("Unknown argument '" + name + "'");
            }
        });
        Username user = accountSession.getUser();
        ObjectNode status = JmapJson.MAPPER.createObjectNode();
        status.put("username", user.asString());
        return accessPolicy.organisationOf(user)
            .flatMap(organisation -> downstream(status, organisation))
            .then(summary(user))
            .doOnNext(summary -> {
                status.put("spooledCount", summary.pending());
                putInstant(status, "oldestSpooledArrival", summary.oldestArrival());
                putInstant(status, "returnsToSenderOn", summary.oldestExpiry());
            })
            .then(emergencyMailboxId(accountSession))
            .map(mailboxId -> {
                if (mailboxId.isPresent()) {
                    status.put("emergencyMailboxId", mailboxId.get());
                } else {
                    status.putNull("emergencyMailboxId");
                }
                return status;
            });
    }

    private Mono<Void> downstream(ObjectNode status, Optional<OrganisationId> organisation) {
        if (organisation.isEmpty()) {
            status.putNull("organisation");
            status.put("state", "UNMANAGED");
            return Mono.empty();
        }
        status.put("organisation", organisation.get().asString());
        return health.current(organisation.get()).doOnNext(state -> putState(status, state)).then();
    }

    private static void putState(ObjectNode status, DownstreamState state) {
        status.put("state", state.health().name());
        status.put("since", state.since().toString());
        if (state.outage().isPresent()) {
            status.put("outageId", state.outage().get().asString());
        } else {
            status.putNull("outageId");
        }
        status.put("plannedMaintenance", state.declaredByHand());
    }

    private Mono<RecipientSpoolSummary> summary(Username user) {
        return Mono.fromCallable(() -> user.asMailAddress())
            .flatMap(spool::summaryFor)
            .onErrorReturn(RecipientSpoolSummary.EMPTY);
    }

    private Mono<Optional<String>> emergencyMailboxId(MailboxSession session) {
        MailboxPath path = MailboxPath.forUser(session.getUser(), policy.inboxMailbox());
        return Mono.from(mailboxManager.mailboxExists(path, session))
            .flatMap(exists -> exists
                ? Mono.from(mailboxManager.getMailboxReactive(path, session)).map(mailbox -> Optional.of(mailbox.getId().serialize()))
                : Mono.just(Optional.<String>empty()));
    }

    private static void putInstant(ObjectNode node, String field, Optional<Instant> value) {
        if (value.isPresent()) {
            node.put(field, value.get().toString());
        } else {
            node.putNull(field);
        }
    }
}
