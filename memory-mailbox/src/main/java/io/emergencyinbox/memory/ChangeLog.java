package io.emergencyinbox.memory;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;

import org.apache.james.jmap.api.change.State;
import org.apache.james.jmap.api.exception.ChangeNotFoundException;
import org.apache.james.jmap.api.model.AccountId;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The JMAP changes of each account in date order, with an index by state. James's memory change
 * repositories keep one list per account, which every request reading the latest state sorts whole
 * (one change per message received, so that cost grew with the Emergency Inbox), and which they read
 * without its lock, so a request racing a delivery could fail ({@code ConcurrentModificationException},
 * answered as JMAP {@code serverFail}). Here the latest state is read from the end of a skip list and
 * reads never see a list being modified.
 */
final class ChangeLog<C> {
    private static final Comparator<Key> ORDER = Comparator.comparing((Key key) -> key.date).thenComparingLong(key -> key.sequence);

    private static final class Key {
        private final Instant date;
        private final long sequence;

        private Key(Instant date, long sequence) {
            this.date = date;
            this.sequence = sequence;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key && date.equals(((Key) o).date) && sequence == ((Key) o).sequence;
        }

        @Override
        public int hashCode() {
            return Objects.hash(date, sequence);
        }
    }

    private static final class AccountLog<C> {
        private final ConcurrentNavigableMap<Key, C> byDate = new ConcurrentSkipListMap<>(ORDER);
        private final Map<State, Key> byState = new ConcurrentHashMap<>();
    }

    private final Map<AccountId, AccountLog<C>> accounts = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final Function<C, State> state;
    private final Function<C, ZonedDateTime> date;

    ChangeLog(Function<C, State> state, Function<C, ZonedDateTime> date) {
        this.state = state;
        this.date = date;
    }

    void add(AccountId account, C change) {
        AccountLog<C> log = accounts.computeIfAbsent(account, any -> new AccountLog<>());
        Key key = new Key(date.apply(change).toInstant(), sequence.incrementAndGet());
        log.byDate.put(key, change);
        log.byState.put(state.apply(change), key);
    }

    /** The state of the newest change that passes the filter, or the initial state. */
    Mono<State> latestState(AccountId account, Predicate<C> filter) {
        return Mono.fromSupplier(() -> {
            AccountLog<C> log = accounts.get(account);
            if (log == null) {
                return State.INITIAL;
            }
            return log.byDate.descendingMap().values().stream()
                .filter(filter)
                .findFirst()
                .map(state)
                .orElse(State.INITIAL);
        });
    }

    /**
     * The changes after the given state (dated strictly later, as James's memory repositories do), in
     * date order; all of them from the initial state. Fails with {@link ChangeNotFoundException} for an
     * unknown state.
     */
    Flux<C> since(AccountId account, State since) {
        return Flux.defer(() -> {
            AccountLog<C> log = accounts.get(account);
            if (since.equals(State.INITIAL)) {
                return log == null ? Flux.empty() : Flux.fromIterable(log.byDate.values());
            }
            Key known = log == null ? null : log.byState.get(since);
            if (known == null) {
                return Flux.error(new ChangeNotFoundException(since, String.format("State '%s' could not be found", since.getValue())));
            }
            return Flux.fromIterable(log.byDate.tailMap(new Key(known.date, Long.MAX_VALUE), false).values());
        });
    }
}
