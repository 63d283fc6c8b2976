package io.emergencyinbox.webadmin.access;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.apache.james.core.Username;

import com.google.common.collect.ImmutableSet;

import io.emergencyinbox.core.access.Role;

/**
 * Who calls our WebAdmin routes: the operator (James's admin token, or no authentication configured),
 * or a user acting with their organisation-admin or partner-admin roles.
 */
public final class ContinuityPrincipal {
    public static final ContinuityPrincipal OPERATOR = new ContinuityPrincipal(Optional.empty(), Set.of());

    public static ContinuityPrincipal scoped(Username user, Set<Role> roles) {
        return new ContinuityPrincipal(Optional.of(user), roles);
    }

    private final Optional<Username> user;
    private final ImmutableSet<Role> roles;

    private ContinuityPrincipal(Optional<Username> user, Set<Role> roles) {
        this.user = Objects.requireNonNull(user);
        this.roles = ImmutableSet.copyOf(roles);
    }

    public boolean isOperator() {
        return user.isEmpty();
    }

    public Optional<Username> user() {
        return user;
    }

    public ImmutableSet<Role> roles() {
        return roles;
    }

    @Override
    public String toString() {
        return isOperator() ? "operator" : user.get().asString() + roles;
    }
}
