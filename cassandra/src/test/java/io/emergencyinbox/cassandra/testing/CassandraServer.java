package io.emergencyinbox.cassandra.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real single-node Apache Cassandra 5.0 in a JVM of its own, on free loopback ports, with its data in a
 * fresh directory. Its classpath is the one Maven resolved for {@code cassandra-all} (module
 * {@code cassandra-runtime}); it runs on a Java 17 (Cassandra 5.0 does not run on 21+). Stopped by its
 * process id ({@code SIGTERM}, then {@code SIGKILL}), never by name.
 */
public final class CassandraServer {
    private static final String CLASSPATH_RESOURCE = "/io/emergencyinbox/cassandra/runtime/cassandra-server.classpath";
    private static final String JAVA_HOME_PROPERTY = "emergencyinbox.cassandra.java.home";
    private static final List<Path> KNOWN_JAVA_17_HOMES = List.of(
        Path.of("/usr/lib/jvm/java-17-openjdk-amd64"), Path.of("/usr/lib/jvm/java-17-openjdk-arm64"),
        Path.of("/usr/lib/jvm/java-17-openjdk"), Path.of("/usr/lib/jvm/temurin-17-jdk-amd64"));
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final int START_ATTEMPTS = 3;

    /** Starts a server, trying other ports when the chosen ones were taken meanwhile. */
    public static CassandraServer start(Path parentDirectory) {
        IllegalStateException failure = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            CassandraServer server = new CassandraServer(createDirectory(parentDirectory), freePort(), freePort());
            try {
                server.launch();
                return server;
            } catch (IllegalStateException e) {
                server.stop();
                failure = e;
            }
        }
        throw failure;
    }

    private final Path directory;
    private final int cqlPort;
    private final int storagePort;
    private Process process;
    private Duration startDuration;

    private CassandraServer(Path directory, int cqlPort, int storagePort) {
        this.directory = directory;
        this.cqlPort = cqlPort;
        this.storagePort = storagePort;
    }

    public InetSocketAddress cqlAddress() {
        return new InetSocketAddress("127.0.0.1", cqlPort);
    }

    public Duration startDuration() {
        return startDuration;
    }

    public long pid() {
        return process.pid();
    }

    /** Stops the process by its id and deletes the data directory. */
    public void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        deleteRecursively(directory);
    }

    private void launch() {
        long start = System.nanoTime();
        writeConfiguration();
        List<String> command = new ArrayList<>();
        command.add(javaExecutable().toString());
        command.addAll(List.of("-Xms512m", "-Xmx512m", "-Xss256k", "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError",
            "-javaagent:" + jammJar(), "-Djdk.attach.allowAttachSelf=true", "-Dio.netty.tryReflectionSetAccessible=true"));
        command.addAll(java17ModuleFlags());
        command.addAll(List.of(
            "-Dcassandra.config=" + directory.resolve("conf/cassandra.yaml").toUri(),
            "-Dlogback.configurationFile=" + directory.resolve("conf/logback.xml"),
            "-Dcassandra.logdir=" + directory.resolve("logs"),
            "-Dcassandra.storagedir=" + directory,
            "-Dcassandra-foreground=yes",
            // Single node: no gossip to wait for, no ring delay, no superuser set-up delay.
            "-Dcassandra.skip_wait_for_gossip_to_settle=0", "-Dcassandra.ring_delay_ms=100",
            "-Dcassandra.superuser_setup_delay_ms=0", "-Dcassandra.initial_token=0",
            // Throw-away data: schema changes and system tables need not reach the disk (Cassandra's own test flags).
            "-Dcassandra.test.flush_local_schema_changes=false", "-Dcassandra.unsafesystem=true",
            "-cp", serverClasspath(), "org.apache.cassandra.service.CassandraDaemon"));
        try {
            process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("logs/stdout.log").toFile())
                .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start Cassandra with " + command.get(0), e);
        }
        awaitCqlPort();
        startDuration = Duration.ofNanos(System.nanoTime() - start);
    }

    private void awaitCqlPort() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Cassandra exited with status " + process.exitValue() + ":\n" + logTail());
            }
            try (Socket socket = new Socket()) {
                socket.connect(cqlAddress(), 200);
                return;
            } catch (IOException notYet) {
                sleep(Duration.ofMillis(100));
            }
        }
        throw new IllegalStateException("Cassandra did not open its CQL port " + cqlPort + " within " + START_TIMEOUT + ":\n" + logTail());
    }

    private void writeConfiguration() {
        try {
            for (String child : List.of("conf", "data", "commitlog", "saved_caches", "hints", "cdc_raw", "logs")) {
                Files.createDirectories(directory.resolve(child));
            }
            Files.writeString(directory.resolve("conf/cassandra.yaml"), String.join("\n",
                "cluster_name: emergency-inbox-test",
                "num_tokens: 1",
                "partitioner: org.apache.cassandra.dht.Murmur3Partitioner",
                "authenticator: AllowAllAuthenticator",
                "authorizer: AllowAllAuthorizer",
                "data_file_directories: [" + directory.resolve("data") + "]",
                "commitlog_directory: " + directory.resolve("commitlog"),
                "saved_caches_directory: " + directory.resolve("saved_caches"),
                "hints_directory: " + directory.resolve("hints"),
                "cdc_raw_directory: " + directory.resolve("cdc_raw"),
                "commitlog_sync: periodic",
                "commitlog_sync_period: 10000ms",
                "seed_provider: [{class_name: org.apache.cassandra.locator.SimpleSeedProvider, parameters: [{seeds: \"127.0.0.1:" + storagePort + "\"}]}]",
                "listen_address: 127.0.0.1",
                "rpc_address: 127.0.0.1",
                "storage_port: " + storagePort,
                "native_transport_port: " + cqlPort,
                "endpoint_snitch: SimpleSnitch",
                // A shared 2-core machine under load: server-side timeouts well above Cassandra's defaults.
                "read_request_timeout: 10000ms",
                "range_request_timeout: 20000ms",
                "write_request_timeout: 10000ms",
                "counter_write_request_timeout: 10000ms",
                "cas_contention_timeout: 5000ms",
                "request_timeout: 20000ms",
                "concurrent_reads: 8",
                "concurrent_writes: 8",
                "memtable_heap_space: 64MiB",
                "memtable_offheap_space: 64MiB",
                // Tests truncate tables between test methods: no snapshot of what they throw away.
                "auto_snapshot: false",
                ""));
            Files.writeString(directory.resolve("conf/logback.xml"),
                "<configuration><appender name=\"FILE\" class=\"ch.qos.logback.core.FileAppender\">"
                    + "<file>" + directory.resolve("logs/system.log") + "</file>"
                    + "<encoder><pattern>%-5level [%thread] %date{ISO8601} %F:%L - %msg%n</pattern></encoder></appender>"
                    + "<root level=\"INFO\"><appender-ref ref=\"FILE\"/></root></configuration>\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code --add-exports}/{@code --add-opens} of Cassandra 5.0's {@code conf/jvm17-server.options}. */
    private static List<String> java17ModuleFlags() {
        List<String> flags = new ArrayList<>();
        for (String export : List.of("java.base/jdk.internal.misc", "java.base/java.lang.ref",
            "java.management.rmi/com.sun.jmx.remote.internal.rmi", "java.rmi/sun.rmi.registry", "java.rmi/sun.rmi.server",
            "java.sql/java.sql", "jdk.unsupported/sun.misc", "jdk.compiler/com.sun.tools.javac.file",
            "jdk.attach/sun.tools.attach")) {
            flags.add("--add-exports");
            flags.add(export + "=ALL-UNNAMED");
        }
        for (String open : List.of("java.base/java.lang.module", "java.base/jdk.internal.loader", "java.base/jdk.internal.ref",
            "java.base/jdk.internal.reflect", "java.base/jdk.internal.math", "java.base/jdk.internal.module",
            "java.base/jdk.internal.util.jar", "java.base/sun.nio.ch", "java.base/java.io", "java.base/java.lang.reflect",
            "java.base/java.lang", "java.base/java.util", "jdk.management/com.sun.management.internal",
            "jdk.compiler/com.sun.tools.javac")) {
            flags.add("--add-opens");
            flags.add(open + "=ALL-UNNAMED");
        }
        return flags;
    }

    private static String serverClasspath() {
        try (InputStream in = CassandraServer.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(CLASSPATH_RESOURCE + " is missing: build the cassandra-runtime module first");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String jammJar() {
        return Stream.of(serverClasspath().split(java.io.File.pathSeparator))
            .filter(jar -> Path.of(jar).getFileName().toString().startsWith("jamm-"))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("No jamm jar in the Cassandra classpath"));
    }

    /**
     * The {@code java} of a Java 17: {@value #JAVA_HOME_PROPERTY} when set, else the running JVM when it is a 17,
     * else a usual Debian location.
     */
    private static Path javaExecutable() {
        String configured = System.getProperty(JAVA_HOME_PROPERTY);
        if (configured != null) {
            return Path.of(configured, "bin", "java");
        }
        if (Runtime.version().feature() == 17) {
            return Path.of(System.getProperty("java.home"), "bin", "java");
        }
        return KNOWN_JAVA_17_HOMES.stream()
            .map(home -> home.resolve("bin/java"))
            .filter(Files::isExecutable)
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("Cassandra 5.0 needs a Java 17: set -D" + JAVA_HOME_PROPERTY
                + "=<a Java 17 home> (this JVM is a Java " + Runtime.version().feature() + ")"));
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(directory.resolve("logs/stdout.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path createDirectory(Path parent) {
        try {
            Files.createDirectories(parent);
            return Files.createTempDirectory(parent, "cassandra-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Cassandra", e);
        }
    }
}
