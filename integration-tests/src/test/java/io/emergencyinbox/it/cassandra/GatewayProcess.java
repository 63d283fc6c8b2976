package io.emergencyinbox.it.cassandra;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.emergencyinbox.it.JmapClient;
import io.emergencyinbox.it.SmtpSender;
import io.emergencyinbox.it.TestConfiguration;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * The packaged gateway ({@code app/target/emergency-inbox.jar}) started as an operator starts it, in a JVM of
 * its own, on a copy of the shipped {@code conf/} with free ports and a {@code cassandra.properties} naming the
 * test JVM's Cassandra. It can be stopped ({@code SIGTERM}), killed by its process id with {@code SIGKILL}, and
 * started again on the same state directory and keyspace (on new ports).
 */
final class GatewayProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private final Path home;
    private final String keyspace;
    private final Map<String, String> continuity;
    private final int outboundRelayPort;
    private Process process;
    private int smtpPort;
    private int jmapPort;
    private int webAdminPort;
    private int starts;

    /**
     * @param outboundRelayPort where mail to the internet (notices) leaves: a test SMTP server standing in for the
     *                          senders' servers
     */
    GatewayProcess(Path home, String keyspace, Map<String, String> continuity, int outboundRelayPort) {
        this.home = home;
        this.keyspace = keyspace;
        this.continuity = new LinkedHashMap<>(continuity);
        this.outboundRelayPort = outboundRelayPort;
    }

    /** Starts the gateway and waits for its start line; fails with the end of its log when it does not come up. */
    GatewayProcess start() {
        try {
            starts++;
            Path conf = home.resolve("conf");
            deleteRecursively(conf);
            TestConfiguration.copyWithFreePorts(conf, continuity);
            smtpPort = TestConfiguration.freePort();
            webAdminPort = TestConfiguration.freePort();
            jmapPort = TestConfiguration.freePort();
            rewrite(conf.resolve("smtpserver.xml"), "<bind>127.0.0.1:0</bind>", "<bind>127.0.0.1:" + smtpPort + "</bind>");
            rewrite(conf.resolve("webadmin.properties"), "port=0", "port=" + webAdminPort);
            Files.writeString(conf.resolve("jmap.properties"), Files.readString(conf.resolve("jmap.properties"))
                .replaceAll("jmap\\.port=\\d+", "jmap.port=" + jmapPort).replaceAll("127\\.0\\.0\\.1:\\d+", "127.0.0.1:" + jmapPort));
            rewrite(conf.resolve("mailetcontainer.xml"), "<outgoingQueue>outgoing</outgoingQueue>",
                "<outgoingQueue>outgoing</outgoingQueue>\n                <gateway>127.0.0.1:" + outboundRelayPort + "</gateway>");
            Files.writeString(conf.resolve("cassandra.properties"), TestConfiguration.cassandraSettings(keyspace));

            List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xms256m", "-Xmx768m",
                "-jar", jar().toString(), "--conf", conf.toString(), "--var", home.resolve("var").toString()));
            process = new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
                .start();
            awaitStartLine();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitStartLine() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            String output = output();
            if (startLines(output) >= starts) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("The gateway exited with status " + process.exitValue() + ":\n" + tail(output));
            }
            sleep(Duration.ofMillis(200));
        }
        throw new AssertionError("The gateway did not start within " + START_TIMEOUT + ":\n" + tail(output()));
    }

    private static long startLines(String output) {
        return output.lines().filter(line -> line.startsWith("Emergency Inbox started")).count();
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** {@code kill -KILL <pid>}: no shutdown hook, no clean-up, as a crash or an OOM killer would. */
    void kill() {
        try {
            Process kill = new ProcessBuilder("kill", "-KILL", Long.toString(process.pid())).inheritIO().start();
            if (!kill.waitFor(30, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new AssertionError("kill -KILL " + process.pid() + " failed");
            }
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("The gateway " + process.pid() + " survived SIGKILL");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** {@code SIGTERM}, then {@code SIGKILL} after 60 s. */
    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    int smtpPort() {
        return smtpPort;
    }

    SmtpSender smtp() {
        return new SmtpSender("127.0.0.1", smtpPort);
    }

    JmapClient jmap(String user, String password) {
        return new JmapClient(jmapPort, user, password);
    }

    RequestSpecification webAdmin() {
        return given().spec(new RequestSpecBuilder()
            .setContentType(ContentType.JSON)
            .setBaseUri("http://127.0.0.1")
            .setPort(webAdminPort)
            .build());
    }

    JsonPath status(String organisation) {
        return webAdmin().get("/continuity/organisations/" + organisation + "/status").then().statusCode(200).extract().jsonPath();
    }

    /** The messages in the user's Emergency mailbox ({@code totalEmails}), 0 when it does not exist. */
    long emergencyTotal(String user, String password) {
        JmapClient jmap = jmap(user, password);
        String account = jmap.accountId();
        return jmap.call("[[\"Mailbox/get\",{\"accountId\":\"" + account + "\",\"ids\":null,\"properties\":[\"name\",\"totalEmails\"]},\"m\"]]")
            .getList("methodResponses[0][1].list", Map.class).stream()
            .filter(mailbox -> "Emergency".equals(mailbox.get("name")))
            .mapToLong(mailbox -> ((Number) mailbox.get("totalEmails")).longValue())
            .findFirst().orElse(0);
    }

    Path log() {
        return home.resolve("gateway.log");
    }

    String output() {
        try {
            return Files.exists(log()) ? Files.readString(log(), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last lines of the gateway's log, for a failure message. */
    String logTail() {
        return tail(output());
    }

    private static String tail(String output) {
        List<String> lines = output.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    private static Path jar() {
        Path jar = Path.of(System.getProperty("emergencyinbox.jar"));
        if (!Files.exists(jar)) {
            throw new AssertionError(jar + " is missing: the app module packages it before the integration tests run");
        }
        return jar;
    }

    private static void rewrite(Path file, String from, String to) throws IOException {
        String content = Files.readString(file);
        if (!content.contains(from)) {
            throw new AssertionError(file + " no longer contains '" + from + "'");
        }
        Files.writeString(file, content.replace(from, to));
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
