package io.emergencyinbox.it;

import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.emergencyinbox.testing.OffsetClock;

/**
 * Benchmark (issue 4): N spooled messages cross a notice step at the same instant; how long the
 * gateway takes to build and send the N delayed notices over SMTP, and the heap it needs. Not part
 * of the test suite: run it with {@code bench/notice_benchmark.sh}.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class NoticeBenchmark {
    static final int MESSAGES = Integer.getInteger("benchmark.messages", 10_000);
    static final OffsetClock CLOCK = new OffsetClock();

    @RegisterExtension
    static GatewayExtension gateway = GatewayExtension.builder()
        .overrides(binder -> binder.bind(Clock.class).toInstance(CLOCK))
        .build();

    @Test
    void noticesForManyMessagesCrossingAStepAtOnce() throws Exception {
        try (TestOrganisation senders = TestOrganisation.create(gateway, "senders", "sender.test");
             TestOrganisation acme = TestOrganisation.create(gateway, "acme", "acme.test")) {
            senders.downstream().discardContent();
            acme.downstream().stop();
            acme.awaitState("DOWN");
            ingest();
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(500)).until(() -> acme.spooled() == MESSAGES);
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            long heapBefore = usedAfterGc(memory);
            AtomicLong peak = new AtomicLong(heapBefore);
            ExecutorService sampler = Executors.newSingleThreadExecutor();
            sampler.submit(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    Thread.sleep(50);
                }
                return null;
            });

            long start = System.nanoTime();
            CLOCK.advance(Duration.ofHours(4).plusMinutes(1));
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> senders.downstream().acceptedCount() >= MESSAGES);
            double seconds = (System.nanoTime() - start) / 1e9;
            sampler.shutdownNow();
            long heapAfter = usedAfterGc(memory);

            report(seconds, heapBefore, peak.get(), heapAfter);
        }
    }

    private static void ingest() throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(20);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < MESSAGES; i++) {
                int number = i;
                sent.add(senders.submit(() -> gateway.smtp().send("sender" + (number % 100) + "@sender.test",
                    "user" + (number % 500) + "@acme.test", "Benchmark " + number)));
            }
            for (Future<?> future : sent) {
                future.get();
            }
        } finally {
            senders.shutdownNow();
        }
    }

    private static long usedAfterGc(MemoryMXBean memory) throws InterruptedException {
        System.gc();
        Thread.sleep(500);
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static void report(double seconds, long heapBefore, long peak, long heapAfter) throws Exception {
        String text = "# Notice benchmark, " + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")) + "\n\n"
            + MESSAGES + " spooled messages (one recipient each, 100 senders in a managed domain whose downstream is up) cross the first "
            + "delayed-notice step at the same instant; the gateway builds and sends " + MESSAGES + " RFC 3464 notices through James's "
            + "pipeline to a real SMTP server. In-process gateway, default policy, "
            + Runtime.getRuntime().availableProcessors() + " cores. Command: `bench/notice_benchmark.sh`.\n\n"
            + "| Figure | Value |\n|---|---|\n"
            + String.format("| Seconds until all notices were accepted downstream | %.1f s |%n", seconds)
            + String.format("| Notices per second | %.0f |%n", MESSAGES / seconds)
            + String.format("| Heap used after GC before the step | %d MiB |%n", heapBefore >> 20)
            + String.format("| Peak heap used while sending (includes garbage) | %d MiB |%n", peak >> 20)
            + String.format("| Heap used after GC once all were sent | %d MiB |%n", heapAfter >> 20);
        System.out.println(text);
        Path results = Path.of(System.getProperty("emergencyinbox.conf")).resolveSibling("bench").resolve("results");
        Files.createDirectories(results);
        Files.writeString(results.resolve("notices-" + ZonedDateTime.now(ZoneOffset.UTC)
            .format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")) + ".md"), text);
    }
}
