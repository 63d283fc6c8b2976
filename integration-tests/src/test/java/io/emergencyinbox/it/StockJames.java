package io.emergencyinbox.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.emergencyinbox.app.KeyMaterial;

/**
 * A stock Apache James 3.8.1 memory server ({@code org.apache.james.MemoryJamesServerMain}, not our
 * assembly) in its own JVM, laid out as an operator installs the drop-in: James's jars in
 * {@code james-server-memory-app.lib/} (nothing of ours), our one jar in {@code extensions-jars/}, the drop-in's
 * configuration snippets in {@code conf/} with the listening ports made free ones, and what stock
 * James needs besides (domains, users, JMAP keys generated now, JMX off). Stopped by its process id.
 */
final class StockJames {
    static final String STARTED = "JAMES server started";

    private final Path home;
    private final int smtpPort;
    private final int jmapPort;
    private final int webAdminPort;
    private Process process;

    StockJames(Path home) {
        this.home = home;
        this.smtpPort = TestConfiguration.freePort();
        this.jmapPort = TestConfiguration.freePort();
        this.webAdminPort = TestConfiguration.freePort();
    }

    /** Lays out the installation with these continuity keys overridden, starts James and waits until it has started. */
    void start(Map<String, String> continuity) throws IOException {
        installJamesJars();
        Path extensions = Files.createDirectories(home.resolve("extensions-jars"));
        Files.copy(dropInJar(), extensions.resolve("emergency-inbox-dropin.jar"));
        writeConfiguration(continuity);

        process = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-Dworking.directory=.",
                "-Dlogback.configurationFile=conf/logback.xml",
                // A failed start ends the process at once (James's default, stated here): the test sees it die.
                "-Djames.exit.on.startup.error=true",
                "-cp", "james-server-memory-app.lib/*",
                "org.apache.james.MemoryJamesServerMain"))
            .directory(home.toFile())
            .redirectErrorStream(true)
            .redirectOutput(home.resolve("james.log").toFile())
            .start();
        await().atMost(Duration.ofSeconds(90)).until(() -> log().contains(STARTED) || !process.isAlive());
        assertThat(process.isAlive()).as("James died while starting:\n%s", log()).isTrue();
    }

    /** SIGTERM to James's process id, as an operator stops it; a hard kill only if it does not stop in 30 s. */
    boolean stop() throws InterruptedException {
        if (process == null) {
            return true;
        }
        process.destroy();
        boolean stopped = process.waitFor(30, TimeUnit.SECONDS);
        if (!stopped) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        return stopped;
    }

    String log() {
        try {
            return Files.readString(home.resolve("james.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int smtpPort() {
        return smtpPort;
    }

    int jmapPort() {
        return jmapPort;
    }

    int webAdminPort() {
        return webAdminPort;
    }

    static Path dropInJar() {
        Path jar = Path.of(System.getProperty("emergencyinbox.dropin.jar"));
        assertThat(jar).as("the drop-in jar (built by the dropin module)").exists();
        return jar;
    }

    /** James's memory app and its runtime dependencies, nothing of ours (copied by the stock-james module's build). */
    private void installJamesJars() throws IOException {
        Path lib = Path.of(System.getProperty("emergencyinbox.james.lib"));
        assertThat(lib).as("James's jars (copied by the stock-james module's build)").isDirectory();
        Path target = Files.createDirectories(home.resolve("james-server-memory-app.lib"));
        try (Stream<Path> jars = Files.list(lib)) {
            for (Path jar : (Iterable<Path>) jars::iterator) {
                Files.createSymbolicLink(target.resolve(jar.getFileName()), jar.toAbsolutePath());
            }
        }
        assertThat(target.resolve("james-server-memory-app-3.8.1.jar")).exists();
        try (Stream<Path> jars = Files.list(target)) {
            assertThat(jars.map(jar -> jar.getFileName().toString())).noneMatch(name -> name.startsWith("emergency-inbox-"));
        }
    }

    private void writeConfiguration(Map<String, String> continuity) throws IOException {
        Path conf = Files.createDirectories(home.resolve("conf"));
        try (Stream<Path> snippets = Files.list(Path.of(System.getProperty("emergencyinbox.dropin.conf")))) {
            for (Path snippet : (Iterable<Path>) snippets::iterator) {
                Files.copy(snippet, conf.resolve(snippet.getFileName()));
            }
        }
        TestConfiguration.replace(conf.resolve("smtpserver.xml"), "<bind>0.0.0.0:25</bind>", "<bind>127.0.0.1:" + smtpPort + "</bind>");
        TestConfiguration.replace(conf.resolve("webadmin.properties"), "port=8000", "port=" + webAdminPort);
        TestConfiguration.overrideProperties(conf.resolve("continuity.properties"), continuity);

        Path shipped = TestConfiguration.shippedConfiguration();
        Files.copy(shipped.resolve("domainlist.xml"), conf.resolve("domainlist.xml"));
        Files.copy(shipped.resolve("usersrepository.xml"), conf.resolve("usersrepository.xml"));
        KeyMaterial.ensureGenerated(home.resolve("var"));
        Files.writeString(conf.resolve("jmap.properties"), String.join("\n",
            "enabled=true",
            "jmap.port=" + jmapPort,
            "jmap.version.default=rfc-8621",
            "url.prefix=http://127.0.0.1:" + jmapPort,
            "tls.privateKey=file://var/keys/jmap-signing.key",
            "tls.certificates=file://var/keys/jmap-signing.pub",
            ""));
        // Stock James otherwise opens JMX on the fixed port 9999.
        Files.writeString(conf.resolve("jmx.properties"), "jmx.enabled=false\n");
        Files.writeString(conf.resolve("logback.xml"), String.join("\n",
            "<configuration>",
            "  <appender name=\"CONSOLE\" class=\"ch.qos.logback.core.ConsoleAppender\">",
            "    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger - %msg%n%rEx</pattern></encoder>",
            "  </appender>",
            "  <logger name=\"org.apache.james.GuiceJamesServer\" level=\"INFO\"/>",
            "  <logger name=\"org.apache.james.utils\" level=\"INFO\"/>",
            "  <logger name=\"org.apache.james.modules\" level=\"INFO\"/>",
            "  <logger name=\"io.emergencyinbox\" level=\"INFO\"/>",
            "  <root level=\"WARN\"><appender-ref ref=\"CONSOLE\"/></root>",
            "</configuration>",
            ""));
    }
}
