package io.emergencyinbox.it.cassandra;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.emergencyinbox.it.SmtpSender;
import io.emergencyinbox.testing.ReceivedMail;

/**
 * Test messages with Message-IDs {@code <prefix-N@sender.test>}, sent in parallel, and counted where they arrive
 * (the downstream, or the senders' side for notices) by those Message-IDs: duplicates are counted, never merged.
 */
final class MailCounts {
    static final String SENDER = "sender@example.net";
    private static final int SENDING_THREADS = 4;

    private MailCounts() {
    }

    static String messageId(String prefix, int number) {
        return "<" + prefix + "-" + number + "@sender.test>";
    }

    static String message(String prefix, int number, String to) {
        return "From: " + SENDER + "\r\n"
            + "To: " + to + "\r\n"
            + "Subject: " + prefix + " message " + number + "\r\n"
            + "Message-ID: " + messageId(prefix, number) + "\r\n"
            + "Date: Thu, 3 Dec 2026 10:00:00 +0000\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=UTF-8\r\n"
            + "\r\n"
            + "Message " + number + " of the " + prefix + " run.\r\n"
            + "x".repeat(1000) + "\r\n";
    }

    /** Sends messages 0..count-1 to {@code to}, message N through {@code senderOf(N)}; each must get its 250. */
    static void sendAll(int count, String prefix, String to, IntFunction<SmtpSender> senderOf) {
        ExecutorService threads = Executors.newFixedThreadPool(SENDING_THREADS);
        try {
            List<Future<?>> sent = IntStream.range(0, count)
                .mapToObj(number -> threads.submit(() -> senderOf.apply(number)
                    .send(SENDER, List.of(to), List.of(), List.of(), message(prefix, number, to))))
                .collect(Collectors.toList());
            for (Future<?> future : sent) {
                future.get(2, TimeUnit.MINUTES);
            }
        } catch (Exception e) {
            throw new AssertionError("Sending failed", e);
        } finally {
            threads.shutdownNow();
        }
    }

    /** How many times each of our Message-IDs was received. */
    static Map<String, Long> byMessageId(List<ReceivedMail> received, String prefix) {
        Pattern ours = Pattern.compile("<" + Pattern.quote(prefix) + "-\\d+@sender\\.test>");
        return received.stream()
            .map(mail -> {
                String messageId = mail.header("Message-ID");
                if (messageId == null) {
                    return "(no Message-ID) " + mail.contentAsString().lines().limit(3).collect(Collectors.joining(" | "));
                }
                Matcher matcher = ours.matcher(messageId);
                return matcher.find() ? matcher.group() : "(other) " + messageId;
            })
            .collect(Collectors.groupingBy(id -> id, TreeMap::new, Collectors.counting()));
    }

    /**
     * How many notices were received about each of our messages: a notice carries the original message (or its
     * headers), hence its Message-ID; a notice naming none of ours counts under {@code (unknown)}.
     */
    static Map<String, Long> noticesByMessageId(List<ReceivedMail> notices, String prefix) {
        Pattern ours = Pattern.compile("<" + Pattern.quote(prefix) + "-\\d+@sender\\.test>");
        return notices.stream()
            .map(notice -> {
                Matcher matcher = ours.matcher(notice.contentAsString());
                return matcher.find() ? matcher.group() : "(unknown)";
            })
            .collect(Collectors.groupingBy(id -> id, TreeMap::new, Collectors.counting()));
    }

    static long duplicates(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(count -> count - 1).filter(extra -> extra > 0).sum();
    }

    static long fromClient(List<ReceivedMail> received, String clientName) {
        return received.stream().filter(mail -> mail.clientName().equals(clientName)).count();
    }
}
