package io.emergencyinbox.jmap.access;

import java.util.Collection;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.mailbox.Authorizator;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.UsersRepositoryException;

import io.emergencyinbox.core.access.AccessPolicy;

/**
 * Where James decides whether one user's session may act as another's (JMAP account switching,
 * IMAP/SMTP "login as"): only the access policy decides, so a James delegation added by hand never
 * opens another organisation's accounts.
 */
public class PolicyAuthorizator implements Authorizator {
    private final AccessPolicy policy;
    private final UsersRepository users;

    @Inject
    public PolicyAuthorizator(AccessPolicy policy, UsersRepository users) {
        this.policy = policy;
        this.users = users;
    }

    @Override
    public AuthorizationState canLoginAsOtherUser(Username userId, Username otherUserId) {
        try {
            if (!users.contains(otherUserId)) {
                return AuthorizationState.UNKNOWN_USER;
            }
        } catch (UsersRepositoryException e) {
            throw new IllegalStateException("Cannot read the users repository", e);
        }
        return policy.decide(userId, otherUserId).block().allowed() ? AuthorizationState.ALLOWED : AuthorizationState.FORBIDDEN;
    }

    @Override
    public Collection<Username> delegatedUsers(Username username) {
        return policy.accessibleAccounts(username).collectList().block();
    }
}
