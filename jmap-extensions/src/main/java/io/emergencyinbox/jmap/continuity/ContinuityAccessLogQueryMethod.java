package io.emergencyinbox.jmap.continuity;

import java.util.Set;

import javax.inject.Inject;

import org.apache.james.jmap.core.Invocation;
import org.apache.james.jmap.core.SessionTranslator;
import org.apache.james.jmap.method.InvocationWithContext;
import org.apache.james.mailbox.MailboxSession;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.emergencyinbox.core.access.AuditLog;
import io.emergencyinbox.core.access.AuditQuery;
import io.emergencyinbox.jmap.JmapJson;
import reactor.core.publisher.Mono;

/**
 * {@code ContinuityAccessLog/query}: who opened this account (another user, allowed or refused),
 * when and how, newest first. Arguments: {@code accountId}, optional {@code limit} (1–500, default 50).
 */
public class ContinuityAccessLogQueryMethod extends ContinuityMethod {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;
    private static final Set<String> KNOWN_ARGUMENTS = Set.of("accountId", "limit");

    private final AuditLog audit;

    @Inject
    public ContinuityAccessLogQueryMethod(SessionTranslator sessionTranslator, AuditLog audit) {
        super(sessionTranslator);
        this.audit = audit;
    }

    @Override
    public Invocation.MethodName methodName() {
        return new Invocation.MethodName("ContinuityAccessLog/query");
    }

    @Override
    Mono<ObjectNode> answer(InvocationWithContext invocation, MailboxSession accountSession) {
        JsonNode arguments = JmapJson.arguments(invocation);
        arguments.fieldNames().forEachRemaining(name -> {
            if (!KNOWN_ARGUMENTS.contains(name)) {
                throw new IllegalArgumentException("Unknown argument '" + name + "'");
            }
        });
        int limit = DEFAULT_LIMIT;
        if (arguments.has("limit")) {
            JsonNode value = arguments.get("limit");
            if (!value.isInt() || value.asInt() < 1 || value.asInt() > MAX_LIMIT) {
                throw new IllegalArgumentException("'limit' must be an integer between 1 and " + MAX_LIMIT);
            }
            limit = value.asInt();
        }
        ObjectNode result = JmapJson.MAPPER.createObjectNode();
        ArrayNode entries = result.putArray("entries");
        return audit.query(AuditQuery.ofTarget(accountSession.getUser(), limit))
            .doOnNext(entry -> entries.addObject()
                .put("at", entry.at().toString())
                .put("actor", entry.actor().asString())
                .put("operation", entry.operation())
                .put("allowed", entry.allowed()))
            .then(Mono.just(result));
    }
}
