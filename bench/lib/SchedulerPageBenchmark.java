import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;

import io.emergencyinbox.core.message.EnvelopeRecipient;
import io.emergencyinbox.core.organisation.OrganisationId;
import io.emergencyinbox.core.spool.MemorySpoolStore;
import io.emergencyinbox.core.spool.SpoolEntry;
import io.emergencyinbox.core.spool.SpoolEntryId;
import io.emergencyinbox.core.spool.SpoolRecipient;
import io.emergencyinbox.core.spool.SpoolStore;

/**
 * What one scheduler tick costs as the spool grows, on the gateway's own spool store
 * ({@link MemorySpoolStore}) in a JVM of its own, away from the noise of a whole gateway:
 *
 * <ul>
 *   <li>due page: reading one page (500, the default {@code scheduler.pageSize}) of entries due for
 *       delivery, what each drain step reads;</li>
 *   <li>empty notice page: the notice scheduler's read when nothing is due, what every tick of an
 *       outage reads;</li>
 *   <li>count: the spool count of an organisation (WebAdmin status, Continuity/get).</li>
 * </ul>
 *
 * Run by bench/performance_report.py:
 * {@code java -cp 'app/target/lib/*' bench/lib/SchedulerPageBenchmark.java 1000 10000 100000}.
 * Prints one line per size: {@code size=N duePageP50Ms=.. duePageP99Ms=.. emptyNoticeP50Ms=.. ...}.
 */
public class SchedulerPageBenchmark {
    private static final int PAGE = 500;
    private static final int WARM_UP = 3_000;
    private static final int SAMPLES = 1_000;

    public static void main(String[] args) throws Exception {
        for (String arg : args) {
            measure(Integer.parseInt(arg));
        }
    }

    private static void measure(int size) throws Exception {
        SpoolStore spool = new MemorySpoolStore();
        OrganisationId organisation = OrganisationId.of("bench");
        Instant start = Instant.parse("2026-12-01T00:00:00Z");
        MaybeSender sender = MaybeSender.of(new MailAddress("sender@example.com"));
        for (int i = 0; i < size; i++) {
            Instant arrival = start.plusMillis(i);
            spool.add(SpoolEntry.builder()
                .id(SpoolEntryId.random())
                .organisation(organisation)
                .sender(sender)
                .recipients(List.of(SpoolRecipient.pending(EnvelopeRecipient.of(new MailAddress("user" + (i % 100) + "@bench.test")))))
                .arrival(arrival)
                .expiry(arrival.plus(Duration.ofDays(30)))
                .nextAttempt(arrival)
                .nextNoticeAt(arrival.plus(Duration.ofHours(4)))
                .size(5120)
                .build()).block();
        }
        Instant now = start.plus(Duration.ofHours(1)); // every entry due for delivery, none for a notice
        double[] duePage = time(() -> spool.dueForDelivery(organisation, now, PAGE).collectList().block());
        double[] emptyNotice = time(() -> spool.dueForNotice(now, PAGE).collectList().block());
        double[] count = time(() -> spool.count(organisation).block());
        System.out.println(String.format(Locale.ROOT,
            "size=%d duePageP50Ms=%.4f duePageP99Ms=%.4f emptyNoticeP50Ms=%.4f emptyNoticeP99Ms=%.4f countP50Ms=%.4f countP99Ms=%.4f",
            size, duePage[0], duePage[1], emptyNotice[0], emptyNotice[1], count[0], count[1]));
    }

    /** p50 and p99 in milliseconds of SAMPLES calls, after WARM_UP calls for the JIT. */
    private static double[] time(Supplier<?> call) {
        for (int i = 0; i < WARM_UP; i++) {
            call.get();
        }
        List<Long> nanos = new ArrayList<>(SAMPLES);
        for (int i = 0; i < SAMPLES; i++) {
            long before = System.nanoTime();
            call.get();
            nanos.add(System.nanoTime() - before);
        }
        Collections.sort(nanos);
        return new double[] {nanos.get(SAMPLES / 2) / 1e6, nanos.get(SAMPLES * 99 / 100) / 1e6};
    }
}
