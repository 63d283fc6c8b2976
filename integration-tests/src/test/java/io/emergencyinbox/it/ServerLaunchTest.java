package io.emergencyinbox.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged gateway started as an operator starts it ({@code java -jar emergency-inbox.jar}),
 * in its own JVM: it comes up on the shipped configuration, generates its keys, keeps JMAP on
 * loopback, stops cleanly on SIGTERM, and refuses a wrong configuration with a message naming the
 * file and the key.
 */
class ServerLaunchTest {
    @TempDir
    Path home;

    @Test
    void gatewayShouldStartOnTheShippedConfigurationAndStopCleanlyOnSigterm() throws Exception {
        Ports ports = Ports.free();
        Path conf = configuration(ports, Map.of());
        Process gateway = launch(conf);
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> output().contains("Emergency Inbox started") || !gateway.isAlive());
            assertThat(gateway.isAlive()).as(output()).isTrue();
            assertThat(Network.greeting(ports.smtp)).startsWith("220 ");
            assertThat(home.resolve("var/keys/jmap-signing.key")).exists();
            assertThat(home.resolve("var/keys/jwt_publickey.pem")).exists();
            assertThat(Network.answers(ports.jmap)).isTrue();
            Network.nonLoopbackAddress().ifPresent(address ->
                assertThat(Network.answers(address, ports.jmap)).as("JMAP must listen on loopback only").isFalse());
        } finally {
            gateway.destroy();
        }
        assertThat(gateway.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s of SIGTERM").isTrue();
        assertThat(output()).contains("Emergency Inbox started").contains("Emergency Inbox stopped");
    }

    @Test
    void anInvalidContinuityValueShouldStopStartUpNamingTheFileAndTheKey() throws Exception {
        String error = failedStartUp(Map.of("retry.maxDelay", "soon"));

        assertThat(error).contains("continuity.properties").contains("retry.maxDelay").contains("soon");
    }

    @Test
    void anUnknownContinuityKeyShouldStopStartUpNamingIt() throws Exception {
        String error = failedStartUp(Map.of("retry.maxDelai", "4h"));

        assertThat(error).contains("continuity.properties").contains("unknown key 'retry.maxDelai'");
    }

    @Test
    void anInvalidFlowControlSettingShouldStopStartUpNamingTheFileAndTheKey() throws Exception {
        Path conf = configuration(Ports.free(), Map.of());
        rewrite(conf.resolve("smtpserver.xml"), "<maxQueued>40</maxQueued>", "<maxQueued>none</maxQueued>");

        String error = failedStartUp(conf);

        assertThat(error).contains("smtpserver.xml: handler io.emergencyinbox.mailets.smtp.QueueBackpressureHook, key maxQueued: "
            + "must be a whole number of mails of at least 1, got 'none'");
    }

    private String failedStartUp(Map<String, String> continuity) throws Exception {
        return failedStartUp(configuration(Ports.free(), continuity));
    }

    private String failedStartUp(Path conf) throws Exception {
        Process gateway = launch(conf);
        assertThat(gateway.waitFor(60, TimeUnit.SECONDS)).as("start-up should fail fast").isTrue();
        assertThat(gateway.exitValue()).isEqualTo(1);
        return output();
    }

    private Path configuration(Ports ports, Map<String, String> continuity) throws IOException {
        Path conf = TestConfiguration.copyWithFreePorts(home.resolve("conf"), continuity);
        rewrite(conf.resolve("smtpserver.xml"), "<bind>127.0.0.1:0</bind>", "<bind>127.0.0.1:" + ports.smtp + "</bind>");
        rewrite(conf.resolve("webadmin.properties"), "port=0", "port=" + ports.webAdmin);
        String jmap = Files.readString(conf.resolve("jmap.properties")).replaceAll("jmap\\.port=\\d+", "jmap.port=" + ports.jmap)
            .replaceAll("127\\.0\\.0\\.1:\\d+", "127.0.0.1:" + ports.jmap);
        Files.writeString(conf.resolve("jmap.properties"), jmap);
        return conf;
    }

    private Process launch(Path conf) throws IOException {
        Path jar = Path.of(System.getProperty("emergencyinbox.jar"));
        assertThat(jar).as("the packaged gateway (built by the app module)").exists();
        List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
            "-jar", jar.toString(), "--conf", conf.toString(), "--var", home.resolve("var").toString()));
        return new ProcessBuilder(command)
            .directory(home.toFile())
            .redirectErrorStream(true)
            .redirectOutput(home.resolve("gateway.log").toFile())
            .start();
    }

    private String output() throws IOException {
        return Files.readString(home.resolve("gateway.log"), StandardCharsets.UTF_8);
    }

    private static void rewrite(Path file, String from, String to) throws IOException {
        String content = Files.readString(file);
        assertThat(content).contains(from);
        Files.writeString(file, content.replace(from, to));
    }

    private static final class Ports {
        private final int smtp;
        private final int jmap;
        private final int webAdmin;

        private Ports(int smtp, int jmap, int webAdmin) {
            this.smtp = smtp;
            this.jmap = jmap;
            this.webAdmin = webAdmin;
        }

        static Ports free() {
            return new Ports(TestConfiguration.freePort(), TestConfiguration.freePort(), TestConfiguration.freePort());
        }
    }
}
