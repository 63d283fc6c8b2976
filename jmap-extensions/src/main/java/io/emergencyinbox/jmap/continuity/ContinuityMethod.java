package io.emergencyinbox.jmap.continuity;

import java.util.Optional;

import org.apache.james.jmap.core.AccountId;
import org.apache.james.jmap.core.ErrorCode;
import org.apache.james.jmap.core.SessionTranslator;
import org.apache.james.jmap.method.AccountNotFoundException;
import org.apache.james.jmap.method.InvocationWithContext;
import org.apache.james.jmap.method.Method;
import org.apache.james.mailbox.MailboxSession;
import org.reactivestreams.Publisher;

import com.fasterxml.jackson.databind.node.ObjectNode;

import eu.timepit.refined.api.Refined;
import eu.timepit.refined.string.Uri;
import io.emergencyinbox.jmap.ContinuityCapabilities;
import io.emergencyinbox.jmap.JmapJson;
import reactor.core.publisher.Mono;

/**
 * The shape shared by our methods: an {@code accountId} argument, the switch to that account's
 * session (refused: {@code accountNotFound}), other arguments checked ({@code invalidArguments}).
 */
abstract class ContinuityMethod implements Method {
    private final SessionTranslator sessionTranslator;
    private String prefix = "JMAP-RFC8621-";

    ContinuityMethod(SessionTranslator sessionTranslator) {
        this.sessionTranslator = sessionTranslator;
    }

    /** Answers for the account whose session is given; throws IllegalArgumentException on bad arguments. */
    abstract Mono<ObjectNode> answer(InvocationWithContext invocation, MailboxSession accountSession);

    @Override
    public String JMAP_RFC8621_PREFIX() {
        return prefix;
    }

    @Override
    public void org$apache$james$jmap$method$Method$_setter_$JMAP_RFC8621_PREFIX_$eq(String value) {
        prefix = value;
    }

    @Override
    public scala.collection.immutable.Set<Refined<String, Uri>> requiredCapabilities() {
        return ContinuityCapabilities.REQUIRED;
    }

    @Override
    public Publisher<InvocationWithContext> process(scala.collection.immutable.Set<Refined<String, Uri>> capabilities,
                                                    InvocationWithContext invocation, MailboxSession session) {
        Optional<String> accountId = JmapJson.stringArgument(invocation, "accountId");
        if (accountId.isEmpty()) {
            return Mono.just(JmapJson.error(invocation, ErrorCode.InvalidArguments$.MODULE$, "'accountId' is required and must be a string"));
        }
        return sessionTranslator.delegateIfNeeded(session, new AccountId(accountId.get())).asJava()
            .flatMap(accountSession -> answer(invocation, accountSession))
            .map(arguments -> JmapJson.response(invocation, arguments.put("accountId", accountId.get())))
            .onErrorResume(AccountNotFoundException.class, e -> Mono.just(JmapJson.error(invocation, ErrorCode.AccountNotFound$.MODULE$)))
            .onErrorResume(IllegalArgumentException.class,
                e -> Mono.just(JmapJson.error(invocation, ErrorCode.InvalidArguments$.MODULE$, e.getMessage())));
    }
}
