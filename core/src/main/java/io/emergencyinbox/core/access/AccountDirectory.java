package io.emergencyinbox.core.access;

import org.apache.james.core.Domain;
import org.apache.james.core.Username;

import reactor.core.publisher.Flux;

/** The gateway's user accounts, by domain (implemented over James's users repository). */
public interface AccountDirectory {
    Flux<Username> usersOf(Domain domain);
}
