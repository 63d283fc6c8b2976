package io.emergencyinbox.jmap.access;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.jmap.core.AccountId;
import org.apache.james.user.api.UsersRepository;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * JMAP account ids are a hash of the owner's username: this finds the owner back, to decide and
 * audit a request naming another account. Known pairs are remembered; an unknown id walks the
 * users once.
 */
public class AccountIds {
    private final UsersRepository users;
    private final Map<String, Username> owners = new ConcurrentHashMap<>();

    @Inject
    public AccountIds(UsersRepository users) {
        this.users = users;
    }

    public static String of(Username username) {
        return AccountId.from(username).toOption().get().id();
    }

    public Mono<Optional<Username>> owner(String accountId) {
        Username known = owners.get(accountId);
        if (known != null) {
            return Mono.just(Optional.of(known));
        }
        return Flux.from(users.listReactive())
            .doOnNext(user -> owners.putIfAbsent(of(user), user))
            .filter(user -> of(user).equals(accountId))
            .next()
            .map(Optional::of)
            .defaultIfEmpty(Optional.empty());
    }
}
