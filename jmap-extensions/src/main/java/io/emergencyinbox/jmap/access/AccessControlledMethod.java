package io.emergencyinbox.jmap.access;

import java.util.Optional;
import java.util.Set;

import org.apache.james.core.Username;
import org.apache.james.jmap.core.ErrorCode;
import org.apache.james.jmap.core.Invocation;
import org.apache.james.jmap.method.InvocationWithContext;
import org.apache.james.jmap.method.Method;
import org.apache.james.mailbox.MailboxSession;
import org.reactivestreams.Publisher;

import eu.timepit.refined.api.Refined;
import eu.timepit.refined.string.Uri;
import io.emergencyinbox.core.access.AccessDecision;
import io.emergencyinbox.core.access.AuditedAccess;
import io.emergencyinbox.jmap.JmapJson;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Wraps every JMAP method. A call naming another user's account is decided by the access policy
 * and audited with the method's name; refused, it gets {@code accountNotFound} and no data.
 * Administrators read the accounts they may open, but do not change them or send from them
 * ({@code forbidden}, docs/adr/0013-admins-read-only.md). Calls on the caller's own account pass
 * through untouched.
 */
public final class AccessControlledMethod implements Method {
    /** Reactor context key telling {@link AuditingSessionTranslator} the access was already audited. */
    public static final String AUDITED = "io.emergencyinbox.access.audited";
    private static final Set<String> CHANGING_SUFFIXES = Set.of("/set", "/import", "/copy");

    private final Method delegate;
    private final AccountIds accountIds;
    private final AuditedAccess access;
    private String prefix = "JMAP-RFC8621-";

    public AccessControlledMethod(Method delegate, AccountIds accountIds, AuditedAccess access) {
        this.delegate = delegate;
        this.accountIds = accountIds;
        this.access = access;
    }

    @Override
    public String JMAP_RFC8621_PREFIX() {
        return prefix;
    }

    @Override
    public void org$apache$james$jmap$method$Method$_setter_$JMAP_RFC8621_PREFIX_$eq(String value) {
        prefix = value;
    }

    @Override
    public Invocation.MethodName methodName() {
        return delegate.methodName();
    }

    @Override
    public scala.collection.immutable.Set<Refined<String, Uri>> requiredCapabilities() {
        return delegate.requiredCapabilities();
    }

    @Override
    public Publisher<InvocationWithContext> process(scala.collection.immutable.Set<Refined<String, Uri>> capabilities,
                                                    InvocationWithContext invocation, MailboxSession session) {
        Optional<String> accountId = JmapJson.stringArgument(invocation, "accountId");
        Username actor = session.getUser();
        if (accountId.isEmpty() || accountId.get().equals(AccountIds.of(actor))) {
            return delegate.process(capabilities, invocation, session);
        }
        String operation = delegate.methodName().value();
        return accountIds.owner(accountId.get()).flatMapMany(owner -> {
            if (owner.isEmpty()) {
                return Flux.just(JmapJson.error(invocation, ErrorCode.AccountNotFound$.MODULE$));
            }
            return access.check(actor, owner.get(), operation).flatMapMany(decision ->
                decide(capabilities, invocation, session, actor, owner.get(), decision, operation));
        });
    }

    private Publisher<InvocationWithContext> decide(scala.collection.immutable.Set<Refined<String, Uri>> capabilities,
                                                    InvocationWithContext invocation, MailboxSession session, Username actor,
                                                    Username owner, AccessDecision decision, String operation) {
        if (!decision.allowed()) {
            return Mono.just(JmapJson.error(invocation, ErrorCode.AccountNotFound$.MODULE$));
        }
        if (changes(operation)) {
            String reason = "Administrators may read another user's account but not change it or send from it";
            return access.recordRefusal(actor, owner, decision, operation, reason)
                .thenReturn(JmapJson.error(invocation, ErrorCode.Forbidden$.MODULE$, reason));
        }
        return Flux.from(delegate.process(capabilities, invocation, session))
            .contextWrite(context -> context.put(AUDITED, true));
    }

    private static boolean changes(String operation) {
        return CHANGING_SUFFIXES.stream().anyMatch(operation::endsWith);
    }
}
