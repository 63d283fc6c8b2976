package io.emergencyinbox.jmap.access;

import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.Domain;
import org.apache.james.core.Username;
import org.apache.james.user.api.UsersRepository;

import io.emergencyinbox.core.access.AccountDirectory;
import reactor.core.publisher.Flux;

/** The gateway's accounts, from James's users repository. */
public class UsersAccountDirectory implements AccountDirectory {
    private final UsersRepository users;

    @Inject
    public UsersAccountDirectory(UsersRepository users) {
        this.users = users;
    }

    @Override
    public Flux<Username> usersOf(Domain domain) {
        return Flux.from(users.listReactive()).filter(user -> user.getDomainPart().equals(Optional.of(domain)));
    }
}
