package io.emergencyinbox.jmap.access;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.user.api.DelegationStore;
import org.apache.james.user.memory.MemoryDelegationStore;
import org.reactivestreams.Publisher;

import io.emergencyinbox.core.access.AccessPolicy;
import io.emergencyinbox.core.access.Role;
import io.emergencyinbox.core.access.RoleStore;
import reactor.core.publisher.Flux;

/**
 * James's delegation store as the access policy sees it: the accounts a user may open (listed in
 * the JMAP session, pushed to, switched to) are the ones the policy allows, and those who may open
 * an account are its organisation's admins. Delegations written through James's own routes are
 * kept but grant nothing.
 */
public class PolicyDelegationStore implements DelegationStore {
    private final AccessPolicy policy;
    private final RoleStore roles;
    private final DelegationStore recorded;

    @Inject
    public PolicyDelegationStore(AccessPolicy policy, RoleStore roles, MemoryDelegationStore recorded) {
        this.policy = policy;
        this.roles = roles;
        this.recorded = recorded;
    }

    @Override
    public Publisher<Username> delegatedUsers(Username baseUser) {
        return policy.accessibleAccounts(baseUser);
    }

    @Override
    public Publisher<Username> authorizedUsers(Username baseUser) {
        return policy.organisationOf(baseUser)
            .flatMapMany(organisation -> organisation.map(id -> roles.holders(Role.organisationAdmin(id))).orElse(Flux.empty()))
            .filter(admin -> !admin.equals(baseUser));
    }

    @Override
    public Publisher<Void> clear(Username baseUser) {
        return recorded.clear(baseUser);
    }

    @Override
    public Publisher<Void> addAuthorizedUser(Username baseUser, Username userWithAccess) {
        return recorded.addAuthorizedUser(baseUser, userWithAccess);
    }

    @Override
    public Publisher<Void> removeAuthorizedUser(Username baseUser, Username userWithAccess) {
        return recorded.removeAuthorizedUser(baseUser, userWithAccess);
    }

    @Override
    public Publisher<Void> removeDelegatedUser(Username baseUser, Username delegatedToUser) {
        return recorded.removeDelegatedUser(baseUser, delegatedToUser);
    }
}
