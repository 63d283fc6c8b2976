package io.emergencyinbox.memory;

import java.util.Optional;
import java.util.function.Predicate;

import javax.inject.Inject;
import javax.inject.Named;

import org.apache.james.jmap.api.change.EmailChange;
import org.apache.james.jmap.api.change.EmailChangeRepository;
import org.apache.james.jmap.api.change.EmailChanges;
import org.apache.james.jmap.api.change.Limit;
import org.apache.james.jmap.api.change.State;
import org.apache.james.jmap.api.model.AccountId;
import org.apache.james.jmap.memory.change.MemoryEmailChangeRepository;

import com.google.common.base.Preconditions;

import reactor.core.publisher.Mono;

/** JMAP email changes of the memory server on a {@link ChangeLog}: the latest state costs the same at any size. */
public class IndexedEmailChangeRepository implements EmailChangeRepository {
    private final ChangeLog<EmailChange> changes = new ChangeLog<>(EmailChange::getState, EmailChange::getDate);
    private final Limit defaultLimit;

    @Inject
    public IndexedEmailChangeRepository(@Named(MemoryEmailChangeRepository.LIMIT_NAME) Limit defaultLimit) {
        this.defaultLimit = defaultLimit;
    }

    @Override
    public Mono<Void> save(EmailChange change) {
        Preconditions.checkNotNull(change.getAccountId());
        Preconditions.checkNotNull(change.getState());
        return Mono.fromRunnable(() -> changes.add(change.getAccountId(), change));
    }

    @Override
    public Mono<EmailChanges> getSinceState(AccountId accountId, State state, Optional<Limit> maxIdsToReturn) {
        maxIdsToReturn.ifPresent(limit -> Preconditions.checkArgument(limit.getValue() > 0, "maxChanges must be a positive integer"));
        return collect(accountId, state, maxIdsToReturn, Predicate.not(EmailChange::isDelegated));
    }

    @Override
    public Mono<EmailChanges> getSinceStateWithDelegation(AccountId accountId, State state, Optional<Limit> maxIdsToReturn) {
        return collect(accountId, state, maxIdsToReturn, any -> true);
    }

    @Override
    public Mono<State> getLatestState(AccountId accountId) {
        return changes.latestState(accountId, Predicate.not(EmailChange::isDelegated));
    }

    @Override
    public Mono<State> getLatestStateWithDelegation(AccountId accountId) {
        return changes.latestState(accountId, any -> true);
    }

    private Mono<EmailChanges> collect(AccountId accountId, State state, Optional<Limit> maxIds, Predicate<EmailChange> filter) {
        Preconditions.checkNotNull(accountId);
        Preconditions.checkNotNull(state);
        return changes.since(accountId, state)
            .filter(filter)
            .collect(new EmailChanges.Builder.EmailChangeCollector(state, maxIds.orElse(defaultLimit)));
    }
}
