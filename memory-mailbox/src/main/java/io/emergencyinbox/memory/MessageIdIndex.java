package io.emergencyinbox.memory;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MessageId;

import com.google.common.collect.ImmutableSet;

/**
 * Where each message id is stored: the (mailbox, UID) pairs holding a message with that id. Kept by
 * {@link IndexedMessageMapper} on every save and removal. Each id maps to an immutable set replaced
 * atomically, so readers iterate a consistent snapshot.
 */
final class MessageIdIndex {

    static final class Location {
        private final MailboxId mailboxId;
        private final MessageUid uid;

        Location(MailboxId mailboxId, MessageUid uid) {
            this.mailboxId = mailboxId;
            this.uid = uid;
        }

        MailboxId mailboxId() {
            return mailboxId;
        }

        MessageUid uid() {
            return uid;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Location)) {
                return false;
            }
            Location that = (Location) o;
            return mailboxId.equals(that.mailboxId) && uid.equals(that.uid);
        }

        @Override
        public int hashCode() {
            return Objects.hash(mailboxId, uid);
        }
    }

    private final Map<MessageId, Set<Location>> locations = new ConcurrentHashMap<>();

    void add(MessageId messageId, MailboxId mailboxId, MessageUid uid) {
        Location location = new Location(mailboxId, uid);
        locations.compute(messageId, (id, known) -> {
            if (known == null) {
                return ImmutableSet.of(location);
            }
            if (known.contains(location)) {
                return known;
            }
            return ImmutableSet.<Location>builder().addAll(known).add(location).build();
        });
    }

    void remove(MessageId messageId, MailboxId mailboxId, MessageUid uid) {
        Location location = new Location(mailboxId, uid);
        locations.computeIfPresent(messageId, (id, known) -> {
            if (!known.contains(location)) {
                return known;
            }
            Set<Location> rest = known.stream().filter(other -> !other.equals(location)).collect(ImmutableSet.toImmutableSet());
            return rest.isEmpty() ? null : rest;
        });
    }

    Set<Location> locationsOf(MessageId messageId) {
        return locations.getOrDefault(messageId, ImmutableSet.of());
    }

    void clear() {
        locations.clear();
    }
}
