package io.emergencyinbox.mailets.inbox;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageIdManager;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.model.ThreadId;
import org.apache.james.mailbox.store.mail.ThreadIdGuessingAlgorithm;
import org.apache.james.mailbox.store.mail.model.MimeMessageId;
import org.apache.james.mailbox.store.mail.model.Subject;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Threads messages (RFC 5256 style, by In-Reply-To and References) with a per-user index of
 * Message-IDs kept as messages are appended, instead of the memory app's search over every stored
 * message, whose cost grows with the mailbox: an Emergency Inbox filling during an outage must
 * not slow down (docs/adr/0011-flat-mailbox-writes.md). Used by our server assembly.
 */
public class IndexedThreadIdGuessingAlgorithm implements ThreadIdGuessingAlgorithm {
    private final MessageIdManager messageIdManager;
    private final Map<Username, Map<MimeMessageId, ThreadId>> threadsByMessageId = new ConcurrentHashMap<>();
    private final Map<ThreadId, Set<MessageId>> members = new ConcurrentHashMap<>();

    @Inject
    public IndexedThreadIdGuessingAlgorithm(MessageIdManager messageIdManager) {
        this.messageIdManager = messageIdManager;
    }

    @Override
    public Mono<ThreadId> guessThreadIdReactive(MessageId messageId, Optional<MimeMessageId> thisMimeMessageId,
                                                Optional<MimeMessageId> inReplyTo, Optional<List<MimeMessageId>> references,
                                                Optional<Subject> subject, MailboxSession session) {
        return Mono.fromCallable(() -> {
            Map<MimeMessageId, ThreadId> known = threadsByMessageId.computeIfAbsent(session.getUser(), user -> new ConcurrentHashMap<>());
            ThreadId thread = inReplyTo.map(known::get)
                .or(() -> references.flatMap(ids -> ids.stream().map(known::get).filter(id -> id != null).findFirst()))
                .or(() -> thisMimeMessageId.map(known::get))
                .orElseGet(() -> ThreadId.fromBaseMessageId(messageId));
            thisMimeMessageId.ifPresent(id -> known.putIfAbsent(id, thread));
            inReplyTo.ifPresent(id -> known.putIfAbsent(id, thread));
            members.computeIfAbsent(thread, id -> ConcurrentHashMap.newKeySet()).add(messageId);
            return thread;
        });
    }

    @Override
    public Flux<MessageId> getMessageIdsInThread(ThreadId threadId, MailboxSession session) {
        Set<MessageId> candidates = members.getOrDefault(threadId, Set.of(threadId.getBaseMessageId()));
        return Mono.from(messageIdManager.accessibleMessagesReactive(List.copyOf(candidates), session))
            .flatMapMany(Flux::fromIterable);
    }
}
