package io.emergencyinbox.jmap.access;

import javax.inject.Inject;

import org.apache.james.jmap.core.AccountId;
import org.apache.james.jmap.core.SessionTranslator;
import org.apache.james.jmap.method.AccountNotFoundException;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.SessionProvider;

import io.emergencyinbox.core.access.AuditedAccess;
import reactor.core.publisher.Mono;
import reactor.core.scala.publisher.SMono;
import reactor.core.scala.publisher.SMono$;

/**
 * James's switch from the caller's session to another account's, audited when no JMAP method did
 * it already: uploads and downloads (recorded as operation {@code blob}). The switch itself is
 * decided by {@link PolicyAuthorizator}.
 */
public class AuditingSessionTranslator extends SessionTranslator {
    static final String BLOB = "blob";

    private final AccountIds accountIds;
    private final AuditedAccess access;

    @Inject
    public AuditingSessionTranslator(SessionProvider sessionProvider, AccountIds accountIds, AuditedAccess access) {
        super(sessionProvider);
        this.accountIds = accountIds;
        this.access = access;
    }

    @Override
    public SMono<MailboxSession> delegateIfNeeded(MailboxSession session, AccountId targetAccountId) {
        if (targetAccountId.id().equals(AccountIds.of(session.getUser()))) {
            return super.delegateIfNeeded(session, targetAccountId);
        }
        Mono<MailboxSession> checked = Mono.deferContextual(context -> {
            if (context.hasKey(AccessControlledMethod.AUDITED)) {
                return super.delegateIfNeeded(session, targetAccountId).asJava();
            }
            return accountIds.owner(targetAccountId.id())
                .flatMap(owner -> owner.isEmpty()
                    ? Mono.<MailboxSession>error(new AccountNotFoundException())
                    : access.check(session.getUser(), owner.get(), BLOB).flatMap(decision -> decision.allowed()
                        ? super.delegateIfNeeded(session, targetAccountId).asJava()
                        : Mono.<MailboxSession>error(new AccountNotFoundException())));
        });
        return SMono$.MODULE$.fromPublisher(checked);
    }
}
