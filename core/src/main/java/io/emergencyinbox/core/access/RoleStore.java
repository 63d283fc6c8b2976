package io.emergencyinbox.core.access;

import org.apache.james.core.Username;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Who holds which administrative role. Grants and revocations are idempotent and take effect at once. */
public interface RoleStore {

    Mono<Void> grant(Username user, Role role);

    Mono<Void> revoke(Username user, Role role);

    Flux<Role> rolesOf(Username user);

    Flux<Username> holders(Role role);

    /** Revokes the role from everyone (its organisation or partner was deleted). */
    Mono<Void> revokeAll(Role role);
}
