package io.emergencyinbox.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import io.emergencyinbox.cassandra.testing.SharedCassandra;
import io.emergencyinbox.testing.DownstreamServer;

/**
 * A copy of the shipped {@code conf/} directory for one test server: the same files, with the
 * listening ports made free ones and some continuity keys overridden. Tests thereby load the very
 * configuration operators get.
 */
public final class TestConfiguration {

    static Path shippedConfiguration() {
        String location = System.getProperty("emergencyinbox.conf");
        if (location == null) {
            throw new IllegalStateException("System property emergencyinbox.conf must point to the shipped conf/ directory");
        }
        return Path.of(location);
    }

    public static Path copyWithFreePorts(Path target, Map<String, String> continuityOverrides) {
        try {
            Files.createDirectories(target);
            try (Stream<Path> files = Files.list(shippedConfiguration())) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Files.copy(file, target.resolve(file.getFileName()));
                }
            }
            replace(target.resolve("smtpserver.xml"), "<bind>127.0.0.1:2525</bind>", "<bind>127.0.0.1:0</bind>");
            replace(target.resolve("webadmin.properties"), "port=8000", "port=0");
            int jmapPort = freePort();
            replace(target.resolve("jmap.properties"), "jmap.port=1080", "jmap.port=" + jmapPort);
            replace(target.resolve("jmap.properties"), "127.0.0.1:1080", "127.0.0.1:" + jmapPort);
            overrideProperties(target.resolve("continuity.properties"), continuityOverrides);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces every occurrence of {@code from}, which must be there (so a changed file fails loudly). */
    static void replace(Path file, String from, String to) throws IOException {
        String content = Files.readString(file, StandardCharsets.UTF_8);
        if (!content.contains(from)) {
            throw new IllegalStateException(file + " no longer contains '" + from + "': update the test configuration");
        }
        Files.writeString(file, content.replace(from, to), StandardCharsets.UTF_8);  // every occurrence
    }

    static void overrideProperties(Path file, Map<String, String> overrides) throws IOException {
        StringBuilder content = new StringBuilder();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String key = line.contains("=") && !line.startsWith("#") ? line.substring(0, line.indexOf('=')).trim() : null;
            if (key == null || !overrides.containsKey(key)) {
                content.append(line).append('\n');
            }
        }
        overrides.forEach((key, value) -> content.append(key).append('=').append(value).append('\n'));
        Files.writeString(file, content.toString(), StandardCharsets.UTF_8);
    }

    /** A {@code cassandra.properties} naming the test JVM's Cassandra (started on first use) and this keyspace. */
    public static String cassandraSettings(String keyspace) {
        InetSocketAddress cassandra = SharedCassandra.get().address();
        return "cassandra.nodes=" + cassandra.getHostString() + ":" + cassandra.getPort() + "\n"
            + "cassandra.local.datacenter=" + SharedCassandra.LOCAL_DATACENTER + "\n"
            + "cassandra.keyspace=" + keyspace + "\n";
    }

    /**
     * A port nobody listens on right now (James's JMAP server cannot be given port 0), and not the port of a test
     * downstream that is only stopped for a while (a gateway restarted mid-test must not take it).
     */
    public static int freePort() {
        while (true) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                if (!DownstreamServer.isReserved(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private TestConfiguration() {
    }
}
