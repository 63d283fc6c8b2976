package io.emergencyinbox.cassandra.access;

import static io.emergencyinbox.cassandra.access.AccessTables.ROLES_BY_USER;
import static io.emergencyinbox.cassandra.access.AccessTables.ROLE_HOLDERS;

import javax.inject.Inject;

import org.apache.james.core.Username;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;

import io.emergencyinbox.cassandra.StoreSession;
import io.emergencyinbox.core.access.Role;
import io.emergencyinbox.core.access.RoleStore;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Roles in two tables, by user and by role, always written together in a logged batch: a grant or revocation
 * interrupted by a crash still reaches both. Every write is idempotent.
 */
public class CassandraRoleStore implements RoleStore {
    private final StoreSession session;
    private final PreparedStatement insertByUser;
    private final PreparedStatement insertHolder;
    private final PreparedStatement deleteByUser;
    private final PreparedStatement deleteHolder;
    private final PreparedStatement selectByUser;
    private final PreparedStatement selectHolders;

    @Inject
    public CassandraRoleStore(StoreSession session) {
        this.session = session;
        this.insertByUser = session.prepare("INSERT INTO %s (username, kind, scope) VALUES (?, ?, ?)", ROLES_BY_USER);
        this.insertHolder = session.prepare("INSERT INTO %s (kind, scope, username) VALUES (?, ?, ?)", ROLE_HOLDERS);
        this.deleteByUser = session.prepare("DELETE FROM %s WHERE username = ? AND kind = ? AND scope = ?", ROLES_BY_USER);
        this.deleteHolder = session.prepare("DELETE FROM %s WHERE kind = ? AND scope = ? AND username = ?", ROLE_HOLDERS);
        this.selectByUser = session.prepare("SELECT kind, scope FROM %s WHERE username = ?", ROLES_BY_USER);
        this.selectHolders = session.prepare("SELECT username FROM %s WHERE kind = ? AND scope = ?", ROLE_HOLDERS);
    }

    @Override
    public Mono<Void> grant(Username user, Role role) {
        return session.writeAll(
            insertHolder.bind(role.kind().name(), role.scope(), user.asString()),
            insertByUser.bind(user.asString(), role.kind().name(), role.scope()));
    }

    @Override
    public Mono<Void> revoke(Username user, Role role) {
        return session.writeAll(
            deleteByUser.bind(user.asString(), role.kind().name(), role.scope()),
            deleteHolder.bind(role.kind().name(), role.scope(), user.asString()));
    }

    @Override
    public Flux<Role> rolesOf(Username user) {
        return session.rows(selectByUser.bind(user.asString()))
            .map(row -> Role.of(row.getString("kind"), row.getString("scope")));
    }

    @Override
    public Flux<Username> holders(Role role) {
        return session.rows(selectHolders.bind(role.kind().name(), role.scope()))
            .map(row -> Username.of(row.getString("username")));
    }

    @Override
    public Mono<Void> revokeAll(Role role) {
        return holders(role).collectList()
            .flatMapMany(Flux::fromIterable)
            .concatMap(user -> revoke(user, role))
            .then();
    }
}
