package io.emergencyinbox.it;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.james.GuiceJamesServer;
import org.apache.james.jmap.draft.JmapGuiceProbe;
import org.apache.james.modules.protocols.SmtpGuiceProbe;
import org.apache.james.utils.GuiceProbe;
import org.apache.james.utils.WebAdminGuiceProbe;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import com.google.inject.Module;
import com.google.inject.multibindings.Multibinder;

import io.emergencyinbox.app.EmergencyInboxServer;
import io.emergencyinbox.app.GatewayDirectories;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * Starts the full gateway once per test class, on a copy of the shipped configuration with free
 * ports, and stops it afterwards. Register it as a static {@code @RegisterExtension} field.
 */
public final class GatewayExtension implements BeforeAllCallback, AfterAllCallback {

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private final Map<String, String> continuity = new LinkedHashMap<>();
        private Module overrides = binder -> { };
        private boolean webAdminJwt = false;
        private java.util.Optional<Integer> outboundRelayPort = java.util.Optional.empty();
        private Preparation preparation = workingDirectory -> { };

        private Builder() {
            // Fast defaults for tests: see docs/configuration.md for the meaning of each key.
            continuity.put("probe.interval", "500ms");
            continuity.put("scheduler.interval", "200ms");
            continuity.put("health.failuresBeforeDown", "2");
            continuity.put("health.successesBeforeUp", "1");
            continuity.put("spool.fsync", "false");
        }

        public Builder continuity(String key, String value) {
            continuity.put(key, value);
            return this;
        }

        public Builder overrides(Module module) {
            this.overrides = module;
            return this;
        }

        /** Mail to the internet leaves through this loopback port (RemoteDelivery's smart host), not by MX. */
        public Builder outboundRelay(int port) {
            this.outboundRelayPort = java.util.Optional.of(port);
            return this;
        }

        /** Runs before the gateway starts, in its working directory (whose conf/ holds its configuration). */
        public Builder beforeStart(Preparation preparation) {
            this.preparation = preparation;
            return this;
        }

        /** WebAdmin requires a JWT signed with the gateway's generated key ({@link #tokens()}). */
        public Builder webAdminJwt() {
            this.webAdminJwt = true;
            return this;
        }

        public GatewayExtension build() {
            return new GatewayExtension(Map.copyOf(continuity), overrides, webAdminJwt, outboundRelayPort, preparation);
        }
    }

    /** Changes to the gateway's working directory before it starts (generated keys, edited configuration). */
    public interface Preparation {
        void prepare(Path workingDirectory) throws Exception;
    }

    private final Map<String, String> continuity;
    private final Module overrides;
    private final boolean webAdminJwt;
    private final java.util.Optional<Integer> outboundRelayPort;
    private final Preparation preparation;
    private Path workingDirectory;
    private Tokens tokens;
    private GuiceJamesServer server;

    private GatewayExtension(Map<String, String> continuity, Module overrides, boolean webAdminJwt,
                             java.util.Optional<Integer> outboundRelayPort, Preparation preparation) {
        this.continuity = continuity;
        this.overrides = overrides;
        this.webAdminJwt = webAdminJwt;
        this.outboundRelayPort = outboundRelayPort;
        this.preparation = preparation;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        workingDirectory = Files.createTempDirectory("emergency-inbox-it");
        Path conf = TestConfiguration.copyWithFreePorts(workingDirectory.resolve("conf"), continuity);
        if (outboundRelayPort.isPresent()) {
            Path mailets = conf.resolve("mailetcontainer.xml");
            Files.writeString(mailets, Files.readString(mailets).replace("<outgoingQueue>outgoing</outgoingQueue>",
                "<outgoingQueue>outgoing</outgoingQueue>\n                <gateway>127.0.0.1:" + outboundRelayPort.get() + "</gateway>"));
        }
        if (webAdminJwt) {
            Files.writeString(conf.resolve("webadmin.properties"), Files.readString(conf.resolve("webadmin.properties"))
                .replaceFirst("(?m)^enabled=true$", "enabled=true\njwt.enabled=true\njwt.publickeypem.url=file://var/keys/jwt_publickey.pem"));
        }
        preparation.prepare(workingDirectory);
        server = EmergencyInboxServer.create(new GatewayDirectories(workingDirectory, conf, workingDirectory.resolve("var")))
            .overrideWith(binder -> Multibinder.newSetBinder(binder, GuiceProbe.class).addBinding().to(ContinuityProbe.class))
            .overrideWith(overrides);
        server.start();
        tokens = new Tokens(workingDirectory.resolve("var/keys/jwt_privatekey.pem"));
    }

    public Tokens tokens() {
        return tokens;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.stop();
        }
        deleteRecursively(workingDirectory);
    }

    public GuiceJamesServer server() {
        return server;
    }

    public <T extends GuiceProbe> T probe(Class<T> type) {
        return server.getProbe(type);
    }

    public ContinuityProbe continuity() {
        return probe(ContinuityProbe.class);
    }

    public int smtpPort() {
        return probe(SmtpGuiceProbe.class).getSmtpPort().getValue();
    }

    public int jmapPort() {
        return probe(JmapGuiceProbe.class).getJmapPort().getValue();
    }

    public int webAdminPort() {
        return probe(WebAdminGuiceProbe.class).getWebAdminPort().getValue();
    }

    /** WebAdmin as the operator (with the operator's token when WebAdmin requires one). */
    public RequestSpecification webAdmin() {
        RequestSpecification request = given().spec(new RequestSpecBuilder()
            .setContentType(ContentType.JSON)
            .setBaseUri("http://127.0.0.1")
            .setPort(webAdminPort())
            .build());
        return webAdminJwt ? request.header("Authorization", "Bearer " + tokens.operator()) : request;
    }

    /** WebAdmin as a user, whose rights come from their roles. */
    public RequestSpecification webAdminAs(String username) {
        return given().spec(new RequestSpecBuilder()
            .setContentType(ContentType.JSON)
            .setBaseUri("http://127.0.0.1")
            .setPort(webAdminPort())
            .addHeader("Authorization", "Bearer " + tokens.user(username))
            .build());
    }

    public JmapClient jmap(String username, String password) {
        return new JmapClient(jmapPort(), username, password);
    }

    public SmtpSender smtp() {
        return new SmtpSender("127.0.0.1", smtpPort());
    }

    private static void deleteRecursively(Path directory) {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
