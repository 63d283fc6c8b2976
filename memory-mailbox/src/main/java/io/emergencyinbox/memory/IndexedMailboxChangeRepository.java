package io.emergencyinbox.memory;

import java.util.Optional;
import java.util.function.Predicate;

import javax.inject.Inject;
import javax.inject.Named;

import org.apache.james.jmap.api.change.Limit;
import org.apache.james.jmap.api.change.MailboxChange;
import org.apache.james.jmap.api.change.MailboxChangeRepository;
import org.apache.james.jmap.api.change.MailboxChanges;
import org.apache.james.jmap.api.change.State;
import org.apache.james.jmap.api.model.AccountId;
import org.apache.james.jmap.memory.change.MemoryMailboxChangeRepository;

import com.google.common.base.Preconditions;

import reactor.core.publisher.Mono;

/** JMAP mailbox changes of the memory server on a {@link ChangeLog}: the latest state costs the same at any size. */
public class IndexedMailboxChangeRepository implements MailboxChangeRepository {
    private final ChangeLog<MailboxChange> changes = new ChangeLog<>(MailboxChange::getState, MailboxChange::getDate);
    private final Limit defaultLimit;

    @Inject
    public IndexedMailboxChangeRepository(@Named(MemoryMailboxChangeRepository.LIMIT_NAME) Limit defaultLimit) {
        this.defaultLimit = defaultLimit;
    }

    @Override
    public Mono<Void> save(MailboxChange change) {
        return Mono.fromRunnable(() -> changes.add(change.getAccountId(), change));
    }

    @Override
    public Mono<MailboxChanges> getSinceState(AccountId accountId, State state, Optional<Limit> maxChanges) {
        return collect(accountId, state, maxChanges, Predicate.not(MailboxChange::isDelegated));
    }

    @Override
    public Mono<MailboxChanges> getSinceStateWithDelegation(AccountId accountId, State state, Optional<Limit> maxChanges) {
        maxChanges.ifPresent(limit -> Preconditions.checkArgument(limit.getValue() > 0, "maxChanges must be a positive integer"));
        return collect(accountId, state, maxChanges, any -> true);
    }

    @Override
    public Mono<State> getLatestState(AccountId accountId) {
        return changes.latestState(accountId, Predicate.not(MailboxChange::isDelegated));
    }

    @Override
    public Mono<State> getLatestStateWithDelegation(AccountId accountId) {
        return changes.latestState(accountId, any -> true);
    }

    private Mono<MailboxChanges> collect(AccountId accountId, State state, Optional<Limit> maxChanges, Predicate<MailboxChange> filter) {
        Preconditions.checkNotNull(accountId);
        Preconditions.checkNotNull(state);
        return changes.since(accountId, state)
            .filter(filter)
            .collect(new MailboxChanges.MailboxChangesBuilder.MailboxChangeCollector(state, maxChanges.orElse(defaultLimit)));
    }
}
