package io.emergencyinbox.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.emergencyinbox.testing.DownstreamServer;
import io.emergencyinbox.testing.DownstreamServer.Greeting;
import io.emergencyinbox.testing.ReceivedMail;

/**
 * What the fault suites (issue 10) share, in the memory assembly ({@code FaultSuiteTest}) and on Cassandra with a
 * crash ({@code CassandraFaultSuiteTest}): the messages and their recipients, a downstream cycling through every
 * failure a real server produces, and the accounting of what the downstream answered {@code 250} for, by
 * Message-ID and recipient, so that lost, duplicated and returned recipients are counted, never merged.
 */
public final class FaultScenario {
    public static final Duration CHAOS_STEP = Duration.ofSeconds(3);
    private static final int OTHER_RECIPIENTS = 30;

    private final String domain;
    private final List<String> accounts;
    private final List<String> gone;
    private final Pattern messageId;

    /**
     * @param accounts recipients with a gateway account (their Emergency Inbox is checked)
     * @param gone     recipients the downstream refuses with 550: returned to their sender with a notice
     */
    public FaultScenario(String domain, List<String> accounts, List<String> gone) {
        this.domain = domain;
        this.accounts = List.copyOf(accounts);
        this.gone = List.copyOf(gone);
        this.messageId = Pattern.compile("(?im)^Message-ID: <(fault-[\\d-r]+)@" + Pattern.quote(domain) + ">");
    }

    /** One message the gateway accepted: its id and the recipients it answered 250 for. */
    public record Accepted(String id, String sender, List<String> recipients) {
    }

    /** Recipients accepted but never delivered nor returned, delivered twice, and returned without a notice. */
    public record Accounting(long acceptedRecipients, long bounced, List<String> lost, List<String> duplicated,
                             List<String> bouncedWithoutNotice, long unansweredCopies, long possibleDuplicates) {
    }

    public List<String> accounts() {
        return accounts;
    }

    /** Message n goes to 1 to 3 recipients (accounts or not), and every 50th also to a recipient that is gone. */
    public List<String> recipientsOf(int n) {
        List<String> pool = new ArrayList<>(accounts);
        for (int i = 0; i < OTHER_RECIPIENTS; i++) {
            pool.add("n" + i + "@" + domain);
        }
        Random random = new Random(n);
        List<String> recipients = new ArrayList<>();
        int count = 1 + random.nextInt(3);
        while (recipients.size() < count) {
            String recipient = pool.get(random.nextInt(pool.size()));
            if (!recipients.contains(recipient)) {
                recipients.add(recipient);
            }
        }
        if (n % 50 == 0) {
            recipients.add(gone.get((n / 50) % gone.size()));
        }
        return recipients;
    }

    public static String senderOf(int n) {
        return "s" + (n % 7) + "@senders.test";
    }

    public String content(String id, String sender, List<String> recipients) {
        return "From: " + sender + "\r\nTo: " + String.join(", ", recipients) + "\r\nSubject: Fault " + id
            + "\r\nMessage-ID: <" + id + "@" + domain + ">\r\nDate: Thu, 3 Dec 2026 10:00:00 +0000\r\n\r\n"
            + "Message " + id + " of the fault suite.\r\n";
    }

    /** How many accepted recipients the downstream refuses permanently: each is owed a failure notice. */
    public long refusedRecipients(List<Accepted> accepted) {
        return accepted.stream().flatMap(message -> message.recipients().stream()).filter(gone::contains).count();
    }

    /** The downstream refuses the gone recipients permanently, whatever else it does. */
    public void refuseGone(DownstreamServer downstream) {
        gone.forEach(address -> downstream.replyToRecipient(address, "550 5.1.1 No such user"));
    }

    /**
     * Cycles the downstream through its failures, a step every {@link #CHAOS_STEP}, until {@code after} has passed
     * since {@code ingesting} went false; leaves it stopped. Each distinct behaviour is appended to {@code log}.
     */
    public void flap(DownstreamServer downstream, AtomicBoolean ingesting, Duration after, List<String> log) {
        List<Map.Entry<String, Consumer<DownstreamServer>>> steps = List.of(
            Map.entry("refusing connections", DownstreamServer::stop),
            Map.entry("up", DownstreamServer::restart),
            Map.entry("hanging at the greeting", server -> server.greet(Greeting.SILENT).restart()),
            Map.entry("421 at the greeting", server -> server.greet(Greeting.NOT_AVAILABLE).restart()),
            Map.entry("up", DownstreamServer::restart),
            Map.entry("451 to every recipient", server -> server.replyToEveryRecipient("451 4.3.0 Try again later").restart()),
            Map.entry("451 after the data", server -> server.replyToData("451 4.3.0 Queue full").restart()),
            Map.entry("hanging after the data", server -> server.hangAfterData().restart()),
            Map.entry("refusing connections", DownstreamServer::stop));
        long end = Long.MAX_VALUE;
        int step = 0;
        while (System.nanoTime() < end) {
            if (!ingesting.get() && end == Long.MAX_VALUE) {
                end = System.nanoTime() + after.toNanos();
            }
            Map.Entry<String, Consumer<DownstreamServer>> next = steps.get(step++ % steps.size());
            downstream.stop();
            downstream.behaveNormally();
            refuseGone(downstream);
            next.getValue().accept(downstream);
            if (log.isEmpty() || !log.get(log.size() - 1).equals(next.getKey())) {
                log.add(next.getKey());
            }
            sleep(CHAOS_STEP);
        }
        downstream.stop();
    }

    /**
     * Every accepted recipient against what the downstream answered 250 for ({@code delivered}), read without an
     * answer ({@code unanswered}) and the notices the senders received.
     */
    public Accounting account(List<Accepted> accepted, List<ReceivedMail> delivered, List<ReceivedMail> unanswered,
                              List<ReceivedMail> notices) {
        Map<String, Integer> answeredCopies = copiesByMessageAndRecipient(delivered);
        Map<String, Integer> unansweredCopies = copiesByMessageAndRecipient(unanswered);
        List<String> noticeTexts = notices.stream().map(ReceivedMail::contentAsString).toList();
        List<String> lost = new ArrayList<>();
        List<String> duplicated = new ArrayList<>();
        List<String> bouncedWithoutNotice = new ArrayList<>();
        long acceptedRecipients = 0;
        long bounced = 0;
        for (Accepted message : accepted) {
            for (String recipient : message.recipients()) {
                acceptedRecipients++;
                String key = message.id() + " -> " + recipient;
                int copies = answeredCopies.getOrDefault(key, 0);
                if (gone.contains(recipient)) {
                    bounced++;
                    if (copies > 0) {
                        duplicated.add(key + " delivered though refused");
                    }
                    if (noticeTexts.stream().noneMatch(text -> isFailureNoticeFor(text, message.id(), recipient))) {
                        bouncedWithoutNotice.add(key);
                    }
                } else if (copies == 0) {
                    lost.add(key);
                } else if (copies > 1) {
                    duplicated.add(key + " x" + copies);
                }
            }
        }
        long unansweredTotal = unansweredCopies.values().stream().mapToLong(Integer::longValue).sum();
        long possibleDuplicates = unansweredCopies.keySet().stream().filter(answeredCopies::containsKey).count();
        return new Accounting(acceptedRecipients, bounced, lost, duplicated, bouncedWithoutNotice, unansweredTotal, possibleDuplicates);
    }

    /** "fault-N -> recipient" to the number of copies, from what the downstream recorded. */
    public Map<String, Integer> copiesByMessageAndRecipient(List<ReceivedMail> mails) {
        Map<String, Integer> copies = new HashMap<>();
        for (ReceivedMail mail : mails) {
            Matcher id = messageId.matcher(mail.contentAsString());
            String key = id.find() ? id.group(1) : "unidentified";
            for (String recipient : mail.recipients()) {
                copies.merge(key + " -> " + recipient, 1, Integer::sum);
            }
        }
        return copies;
    }

    private boolean isFailureNoticeFor(String notice, String id, String recipient) {
        return notice.contains("<" + id + "@" + domain + ">") && notice.contains("Action: failed")
            && Pattern.compile("(?i)Final-Recipient:\\s*rfc822;\\s*" + Pattern.quote(recipient)).matcher(notice).find();
    }

    /** Message ids (fault-N) in the account's Emergency mailbox, read page by page. */
    public List<String> emergencyMessageIds(JmapClient jmap) {
        String accountId = jmap.accountId();
        String mailbox = jmap.mailboxId(accountId, "Emergency").orElseThrow();
        List<String> ids = new ArrayList<>();
        for (int position = 0; ; position += 200) {
            List<String> page = jmap.call("[[\"Email/query\",{\"accountId\":\"" + accountId + "\",\"filter\":{\"inMailbox\":\"" + mailbox + "\"},"
                + "\"sort\":[{\"property\":\"receivedAt\",\"isAscending\":true}],\"position\":" + position + ",\"limit\":200},\"q\"]]")
                .getList("methodResponses[0][1].ids");
            if (page.isEmpty()) {
                break;
            }
            ids.addAll(page);
        }
        List<String> messageIds = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += 200) {
            for (Map<String, Object> email : jmap.emails(accountId, ids.subList(from, Math.min(ids.size(), from + 200)), "messageId")) {
                @SuppressWarnings("unchecked")
                List<String> values = (List<String>) email.get("messageId");
                messageIds.add(values.get(0).replace("@" + domain, ""));
            }
        }
        return messageIds;
    }

    public static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
