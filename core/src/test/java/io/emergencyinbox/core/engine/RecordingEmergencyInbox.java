package io.emergencyinbox.core.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.apache.james.core.MailAddress;

import io.emergencyinbox.core.inbox.EmergencyInbox;
import io.emergencyinbox.core.inbox.EmergencyKeywords;
import io.emergencyinbox.core.message.ContentSource;
import io.emergencyinbox.core.spool.SpoolEntryId;
import reactor.core.publisher.Mono;

/**
 * An Emergency Inbox in memory for engine tests (the real one needs James's mailboxes): users with an
 * account get copies, which keep their keywords; tests can make copying or removal fail.
 */
final class RecordingEmergencyInbox implements EmergencyInbox {

    /** One copy in one user's Emergency mailbox. */
    static final class Copy {
        private final String id;
        private final MailAddress recipient;
        private final SpoolEntryId entry;
        private final String content;
        private final Optional<Instant> restoredAsReceivedAt;
        private final Set<String> keywords = ConcurrentHashMap.newKeySet();

        private Copy(String id, MailAddress recipient, SpoolEntryId entry, String content, Optional<Instant> restoredAsReceivedAt) {
            this.id = id;
            this.recipient = recipient;
            this.entry = entry;
            this.content = content;
            this.restoredAsReceivedAt = restoredAsReceivedAt;
        }

        /** For a restored copy, the received date it was given. */
        Optional<Instant> restoredAsReceivedAt() {
            return restoredAsReceivedAt;
        }

        String id() {
            return id;
        }

        MailAddress recipient() {
            return recipient;
        }

        SpoolEntryId entry() {
            return entry;
        }

        String content() {
            return content;
        }

        Set<String> keywords() {
            return Set.copyOf(keywords);
        }

        boolean isMarkedDelivered() {
            return keywords.contains(EmergencyKeywords.DELIVERED);
        }

        boolean isMarkedReturned() {
            return keywords.contains(EmergencyKeywords.RETURNED);
        }

        @Override
        public String toString() {
            return id + " for " + recipient.asString() + " of " + entry + " " + keywords;
        }
    }

    private final Set<MailAddress> accounts = ConcurrentHashMap.newKeySet();
    private final Map<String, Copy> copies = new ConcurrentHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger();
    private final AtomicInteger generation = new AtomicInteger();
    private final AtomicInteger copyAttempts = new AtomicInteger();
    private volatile boolean copiesFail;
    private final Set<MailAddress> failingCopies = ConcurrentHashMap.newKeySet();
    private volatile boolean removalsFail;

    RecordingEmergencyInbox withAccounts(MailAddress... users) {
        accounts.addAll(List.of(users));
        return this;
    }

    /** Every {@link #addCopy} fails from now on, as a mailbox store that is unavailable. */
    void failCopies(boolean fail) {
        copiesFail = fail;
    }

    /** Copies for these users fail from now on, as a mailbox that cannot be written. */
    void failCopiesFor(MailAddress... users) {
        failingCopies.addAll(List.of(users));
    }

    void failRemovals(boolean fail) {
        removalsFail = fail;
    }

    /** Forgets every copy and makes their ids stale, as James's in-memory mailboxes after a restart. */
    void loseEverything() {
        copies.clear();
        generation.incrementAndGet();
    }

    List<Copy> copies() {
        return List.copyOf(copies.values());
    }

    List<Copy> copiesOf(MailAddress recipient) {
        return copies.values().stream().filter(copy -> copy.recipient.equals(recipient)).collect(Collectors.toList());
    }

    Optional<Copy> copy(String id) {
        return Optional.ofNullable(copies.get(id));
    }

    /** Calls of {@link #addCopy}, successful or not. */
    int copyAttempts() {
        return copyAttempts.get();
    }

    @Override
    public Mono<Optional<String>> addCopy(MailAddress recipient, SpoolEntryId entry, ContentSource content) {
        return Mono.fromCallable(() -> {
            copyAttempts.incrementAndGet();
            if (copiesFail || failingCopies.contains(recipient)) {
                throw new IllegalStateException("mailbox store unavailable");
            }
            if (!accounts.contains(recipient)) {
                return Optional.empty();
            }
            return Optional.of(store(recipient, entry, content));
        });
    }

    @Override
    public Mono<String> restoreCopy(MailAddress recipient, SpoolEntryId entry, ContentSource content, Instant receivedAt) {
        return Mono.fromCallable(() -> {
            if (copiesFail || failingCopies.contains(recipient)) {
                throw new IllegalStateException("mailbox store unavailable");
            }
            return store(recipient, entry, content, Optional.of(receivedAt));
        });
    }

    private String store(MailAddress recipient, SpoolEntryId entry, ContentSource content) {
        return store(recipient, entry, content, Optional.empty());
    }

    private String store(MailAddress recipient, SpoolEntryId entry, ContentSource content, Optional<Instant> receivedAt) {
        String id = "copy-" + generation.get() + "-" + nextId.incrementAndGet();
        copies.put(id, new Copy(id, recipient, entry, read(content), receivedAt));
        return id;
    }

    @Override
    public Mono<Boolean> wasLost(MailAddress recipient, String copyId) {
        return Mono.fromCallable(() -> !copyId.startsWith("copy-" + generation.get() + "-"));
    }

    @Override
    public Mono<Void> markDelivered(MailAddress recipient, String copyId) {
        return Mono.fromRunnable(() -> flag(recipient, copyId, EmergencyKeywords.DELIVERED));
    }

    @Override
    public Mono<Void> markReturned(MailAddress recipient, String copyId) {
        return Mono.fromRunnable(() -> flag(recipient, copyId, EmergencyKeywords.RETURNED));
    }

    @Override
    public Mono<Void> remove(MailAddress recipient, String copyId) {
        return Mono.fromRunnable(() -> {
            if (removalsFail) {
                throw new IllegalStateException("mailbox store unavailable");
            }
            copies.computeIfPresent(copyId, (id, copy) -> copy.recipient.equals(recipient) ? null : copy);
        });
    }

    @Override
    public Mono<Boolean> exists(MailAddress recipient, String copyId) {
        return Mono.fromCallable(() -> copy(copyId).filter(copy -> copy.recipient.equals(recipient)).isPresent());
    }

    private void flag(MailAddress recipient, String copyId, String keyword) {
        copy(copyId).filter(copy -> copy.recipient.equals(recipient)).ifPresent(copy -> copy.keywords.add(keyword));
    }

    private static String read(ContentSource content) {
        try (InputStream in = content.open()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
