package io.emergencyinbox.core.access;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.apache.james.core.Username;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

public class MemoryRoleStore implements RoleStore {
    private final Map<Username, Set<Role>> roles = new ConcurrentHashMap<>();

    @Override
    public Mono<Void> grant(Username user, Role role) {
        return Mono.fromRunnable(() -> roles.computeIfAbsent(user, key -> ConcurrentHashMap.newKeySet()).add(role));
    }

    @Override
    public Mono<Void> revoke(Username user, Role role) {
        return Mono.fromRunnable(() -> roles.computeIfPresent(user, (key, held) -> {
            held.remove(role);
            return held.isEmpty() ? null : held;
        }));
    }

    @Override
    public Flux<Role> rolesOf(Username user) {
        return Flux.defer(() -> Flux.fromIterable(List.copyOf(roles.getOrDefault(user, Set.of()))));
    }

    @Override
    public Flux<Username> holders(Role role) {
        return Flux.defer(() -> Flux.fromIterable(roles.entrySet().stream()
            .filter(entry -> entry.getValue().contains(role))
            .map(Map.Entry::getKey)
            .sorted((a, b) -> a.asString().compareTo(b.asString()))
            .collect(Collectors.toList())));
    }

    @Override
    public Mono<Void> revokeAll(Role role) {
        return holders(role).concatMap(user -> revoke(user, role)).then();
    }
}
