package io.emergencyinbox.cassandra.testing;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;

/**
 * The one Cassandra of a test JVM, started on first use and stopped by a shutdown hook. When the system
 * property {@value #ADDRESS_PROPERTY} ({@code host:port}) is set, that running Cassandra is used instead.
 * Other modules' tests (gateways on Cassandra) use it too, each with keyspaces of their own.
 */
public final class SharedCassandra {
    static final String ADDRESS_PROPERTY = "emergencyinbox.cassandra";
    public static final String LOCAL_DATACENTER = "datacenter1";

    private static SharedCassandra instance;

    public static synchronized SharedCassandra get() {
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    private static SharedCassandra start() {
        String configured = System.getProperty(ADDRESS_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            int separator = configured.lastIndexOf(':');
            if (separator <= 0) {
                throw new IllegalArgumentException("-D" + ADDRESS_PROPERTY + " must be host:port, got '" + configured + "'");
            }
            InetSocketAddress address = new InetSocketAddress(configured.substring(0, separator),
                Integer.parseInt(configured.substring(separator + 1)));
            SharedCassandra shared = new SharedCassandra(address);
            Runtime.getRuntime().addShutdownHook(new Thread(shared.session::close, "cassandra-session-close"));
            return shared;
        }
        Path parent = Files.isDirectory(Path.of("target")) ? Path.of("target") : Path.of(System.getProperty("java.io.tmpdir"));
        CassandraServer server = CassandraServer.start(parent);
        System.out.printf("Cassandra started in %.1f s (pid %d, CQL on %s)%n",
            server.startDuration().toMillis() / 1000.0, server.pid(), server.cqlAddress());
        SharedCassandra shared = new SharedCassandra(server.cqlAddress());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            shared.session.close();
            server.stop();
        }, "cassandra-stop"));
        return shared;
    }

    private final InetSocketAddress address;
    private final CqlSession session;

    private SharedCassandra(InetSocketAddress address) {
        this.address = address;
        this.session = openSession();
    }

    /** The CQL address, for gateways' {@code cassandra.nodes}. */
    public InetSocketAddress address() {
        return address;
    }

    public CqlSession session() {
        return session;
    }

    /** A session of its own, as a second gateway node would have. The caller closes it. */
    public CqlSession openSession() {
        return CqlSession.builder()
            .addContactPoint(address)
            .withLocalDatacenter(LOCAL_DATACENTER)
            .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                // A shared 2-core machine: schema changes and contended transactions can be slow.
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(30))
                .withDuration(DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT, Duration.ofSeconds(30))
                // Tests create and drop schema a lot: refresh the driver's schema metadata at once, not after 1 s.
                .withDuration(DefaultDriverOption.METADATA_SCHEMA_WINDOW, Duration.ofMillis(10))
                .build())
            .build();
    }
}
