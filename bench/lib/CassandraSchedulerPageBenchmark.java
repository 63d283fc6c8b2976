import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;

import io.emergencyinbox.cassandra.CassandraStores;
import io.emergencyinbox.cassandra.KeyspaceSettings;
import io.emergencyinbox.cassandra.SessionSettings;
import io.emergencyinbox.cassandra.StoreSession;
import io.emergencyinbox.cassandra.spool.CassandraSpoolStore;
import io.emergencyinbox.core.config.StrictProperties;
import io.emergencyinbox.core.message.EnvelopeRecipient;
import io.emergencyinbox.core.organisation.OrganisationId;
import io.emergencyinbox.core.spool.SpoolEntry;
import io.emergencyinbox.core.spool.SpoolEntryId;
import io.emergencyinbox.core.spool.SpoolRecipient;
import reactor.core.publisher.Flux;

/**
 * What one scheduler tick reads from the Cassandra spool as the spool grows (issue 8's benchmark): one spool,
 * filled to each size in turn (1,000, 10,000, 100,000 entries of one organisation, every one due for delivery,
 * none for a notice), and at each size the p50/p99 of
 *
 * <ul>
 *   <li>due page: one page (500, the default {@code scheduler.pageSize}) of entries due for delivery;</li>
 *   <li>empty notice page: the notice scheduler's read when nothing is due, what every tick of an outage reads;</li>
 *   <li>count: the organisation's spool count (WebAdmin status).</li>
 * </ul>
 *
 * Run by bench/cassandra_benchmark.py against the Cassandra it started:
 * {@code java -cp 'app/target/lib/*' bench/lib/CassandraSchedulerPageBenchmark.java 127.0.0.1:PORT 1000 10000 100000}.
 * Prints one line per size: {@code size=N duePageP50Ms=.. duePageP99Ms=.. emptyNoticeP50Ms=.. ...}.
 */
public class CassandraSchedulerPageBenchmark {
    private static final int PAGE = 500;
    private static final int WARM_UP = 50;
    private static final int SAMPLES = 200;
    private static final int WRITE_CONCURRENCY = 32;
    private static final Instant START = Instant.parse("2026-12-01T00:00:00Z");

    public static void main(String[] args) throws Exception {
        String keyspace = "bench_pages_" + ProcessHandle.current().pid();
        StrictProperties properties = new StrictProperties("cassandra.properties", Map.of(
            SessionSettings.NODES, args[0], SessionSettings.REQUEST_TIMEOUT, "30s", KeyspaceSettings.KEYSPACE, keyspace,
            KeyspaceSettings.REGULAR_CONSISTENCY, "QUORUM", KeyspaceSettings.SERIAL_CONSISTENCY, "SERIAL"));
        try (var cql = SessionSettings.parse(properties).openSession()) {
            StoreSession session = CassandraStores.initialise(cql, KeyspaceSettings.parse(properties));
            Instant now = START.plus(Duration.ofHours(1)); // every entry due for delivery, none for a notice
            CassandraSpoolStore spool = new CassandraSpoolStore(session, Clock.fixed(now, ZoneOffset.UTC));
            OrganisationId organisation = OrganisationId.of("bench");
            MaybeSender sender = MaybeSender.of(new MailAddress("sender@example.com"));
            int stored = 0;
            for (int i = 1; i < args.length; i++) {
                int size = Integer.parseInt(args[i]);
                long fillStart = System.nanoTime();
                Flux.range(stored, size - stored)
                    .flatMap(n -> spool.add(entry(organisation, sender, n)), WRITE_CONCURRENCY)
                    .then().block();
                double fillSeconds = (System.nanoTime() - fillStart) / 1e9;
                int added = size - stored;
                stored = size;
                double[] duePage = time(() -> spool.dueForDelivery(organisation, now, PAGE).collectList().block());
                double[] emptyNotice = time(() -> spool.dueForNotice(now, PAGE).collectList().block());
                double[] count = time(() -> spool.count(organisation).block());
                System.out.println(String.format(Locale.ROOT,
                    "size=%d duePageP50Ms=%.3f duePageP99Ms=%.3f emptyNoticeP50Ms=%.3f emptyNoticeP99Ms=%.3f countP50Ms=%.3f "
                        + "countP99Ms=%.3f addsPerSecond=%.0f",
                    size, duePage[0], duePage[1], emptyNotice[0], emptyNotice[1], count[0], count[1], added / fillSeconds));
            }
            cql.execute("DROP KEYSPACE IF EXISTS " + keyspace);
        }
        System.exit(0); // the stores' result threads are not daemons
    }

    private static SpoolEntry entry(OrganisationId organisation, MaybeSender sender, int n) {
        Instant arrival = START.plusMillis(n);
        try {
            return SpoolEntry.builder()
                .id(SpoolEntryId.random())
                .organisation(organisation)
                .sender(sender)
                .recipients(List.of(SpoolRecipient.pending(EnvelopeRecipient.of(new MailAddress("user" + (n % 100) + "@bench.test")))))
                .arrival(arrival)
                .expiry(arrival.plus(Duration.ofDays(30)))
                .nextAttempt(arrival)
                .nextNoticeAt(arrival.plus(Duration.ofHours(4)))
                .size(5120)
                .build();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** p50 and p99 in milliseconds of SAMPLES calls, after WARM_UP calls. */
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
