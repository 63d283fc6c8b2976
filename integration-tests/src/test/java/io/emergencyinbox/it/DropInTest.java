package io.emergencyinbox.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.emergencyinbox.core.smtp.SmtpClient;
import io.emergencyinbox.core.smtp.SmtpReply;
import io.emergencyinbox.testing.DownstreamServer;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * Emergency Inbox as a drop-in, installed as an operator would: the stock James 3.8.1 memory server
 * ({@link StockJames}: James's own main class and jars, our one jar in {@code extensions-jars/}, the
 * snippets of dropin/src/main/conf). One James for the class, stopped by process id at the end.
 *
 * <p>Several scenarios also prove that James created our mailets, routes, health check, startable and
 * task extension from one child injector sharing our singletons: an organisation created through a
 * route is seen by the matcher and the mailet, the engine started by the startable moves the state
 * the routes and the health check read, and a task started from a route works on the spool the mailet
 * wrote.
 */
class DropInTest {
    private static final String ALICE = "alice@acme.test";
    private static final String PASSWORD = "alicePassword1";

    @TempDir
    static Path home;
    private static StockJames james;
    private static DownstreamServer downstream;

    @BeforeAll
    static void installAndStart() throws IOException {
        james = new StockJames(home);
        james.start(Map.of(
            "probe.interval", "500ms",
            "scheduler.interval", "200ms",
            "health.failuresBeforeDown", "2",
            "health.successesBeforeUp", "1",
            "spool.fsync", "false"));
        downstream = DownstreamServer.start();
        webAdmin().put("/domains/acme.test").then().statusCode(204);
        webAdmin().body("{\"id\":\"acme\",\"displayName\":\"Acme Corp\",\"domains\":[\"acme.test\"]}")
            .post("/continuity/organisations").then().statusCode(201);
        webAdmin().body("{\"targets\":[{\"host\":\"127.0.0.1\",\"port\":" + downstream.port() + "}],"
                + "\"connectTimeout\":\"1s\",\"commandTimeout\":\"5s\"}")
            .put("/continuity/organisations/acme/route").then().statusCode(204);
        webAdmin().body("{\"password\":\"" + PASSWORD + "\"}").put("/users/" + ALICE).then().statusCode(204);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (downstream != null) {
                downstream.close();
            }
        } finally {
            assertThat(james.stop()).as("James stops within 30 s of SIGTERM").isTrue();
            if (james.log().contains(StockJames.STARTED)) {
                assertThat(james.log()).as("the engine is stopped with James (@PreDestroy in the child injector)")
                    .contains("Continuity engine stopped");
            }
        }
    }

    @BeforeEach
    void downstreamUp() {
        downstream.restart().behaveNormally();
        awaitState("UP");
        downstream.clearReceived();
    }

    @Test
    void theJarShouldHoldOurClassesOnlyAndNothingJamesCannotLoad() throws IOException {
        try (JarFile jar = new JarFile(StockJames.dropInJar().toFile())) {
            List<String> classes = Collections.list(jar.entries()).stream()
                .map(JarEntry::getName).filter(name -> name.endsWith(".class")).collect(Collectors.toList());

            assertThat(classes).allMatch(name -> name.startsWith("io/emergencyinbox/"))
                .noneMatch(name -> name.startsWith("io/emergencyinbox/jmap/") || name.startsWith("io/emergencyinbox/webmail/"))
                .contains("io/emergencyinbox/dropin/DropInModule.class", "io/emergencyinbox/mailets/ContinuityDelivery.class",
                    "io/emergencyinbox/webadmin/OrganisationRoutes.class", "io/emergencyinbox/core/engine/ContinuityEngine.class");
        }
    }

    @Test
    void stockJamesShouldLoadEveryExtensionFromItsConfigurationKeysIntoOneChildInjector() {
        String log = james.log();
        // James logs this line each time it builds the child injector of extensions.properties' modules.
        assertThat(log.split("Enabling injects contained in io.emergencyinbox.dropin.DropInModule", -1)).hasSize(2);
        assertThat(log.split("Continuity engine started", -1)).hasSize(2);
        assertThat(log)
            .contains("extensions-jars/emergency-inbox-dropin.jar")
            .contains("Enabling injects contained in io.emergencyinbox.dropin.DropInModule")
            .contains("Enabling injects contained in io.emergencyinbox.guice.MemoryContinuityStoresModule")
            .contains("Loading WebAdmin route extension io.emergencyinbox.webadmin.access.ContinuityAccessRoutes")
            .contains("Loading additional Healthcheck io.emergencyinbox.webadmin.DownstreamsHealthCheck")
            .contains("Starting io.emergencyinbox.guice.ContinuityEngineLifecycle")
            .contains("Continuity engine started");
    }

    @Test
    void mailShouldBeRelayedToTheDownstreamWhileItIsUp() {
        smtp().send("bob@example.com", ALICE, "Relayed by the drop-in");

        await().atMost(Duration.ofSeconds(30)).until(() -> downstream.receivedFor(ALICE).size() == 1);
        assertThat(downstream.receivedFor(ALICE).get(0).header("Subject")).isEqualTo("Relayed by the drop-in");
        assertThat(subjectsInEmergencyInbox()).doesNotContain("Relayed by the drop-in");
    }

    @Test
    void mailShouldLandInTheEmergencyMailboxReadWithStandardJmapWhileTheDownstreamIsDown() {
        downstream.stop();
        awaitState("DOWN");

        smtp().send("bob@example.com", ALICE, "Spooled by the drop-in");

        await().atMost(Duration.ofSeconds(30)).until(() -> subjectsInEmergencyInbox().contains("Spooled by the drop-in"));
        JmapClient jmap = jmap();
        String account = jmap.accountId();
        String emergency = jmap.mailboxId(account, "Emergency").orElseThrow();
        assertThat(jmap.emails(account, jmap.emailIds(account, emergency), "subject", "from", "preview")).anySatisfy(email -> {
            assertThat(email.get("subject")).isEqualTo("Spooled by the drop-in");
            assertThat(email.get("preview").toString()).contains("Hello, this is Spooled by the drop-in");
        });
        assertThat(downstream.receivedFor(ALICE)).isEmpty();

        downstream.restart();

        await().atMost(Duration.ofSeconds(30)).until(() -> downstream.receivedFor(ALICE).size() == 1);
        webAdmin().get("/continuity/organisations/acme/status").then().body("spooled", equalTo(0));
    }

    @Test
    void aMalformedDsnParameterShouldBeRefusedByOurSmtpHookFromTheJar() throws IOException {
        try (SmtpClient client = SmtpClient.connect("127.0.0.1", james.smtpPort(), Duration.ofSeconds(5), Duration.ofSeconds(30))) {
            client.greeting();
            client.ehlo("sender.test");
            assertThat(client.mailFrom("bob@example.com", List.of()).code()).isEqualTo(250);

            SmtpReply reply = client.rcptTo(ALICE, List.of("NOTIFY=SOMETIMES"));

            assertThat(reply.code()).as(reply.asText()).isEqualTo(501);
            assertThat(reply.asText()).contains("5.5.4");
        }
    }

    @Test
    void badWebAdminInputShouldBeRefusedWithSpecificErrors() {
        webAdmin().body("{\"id\":\"globex\",\"displayName\":\"Globex\",\"domains\":[\"globex.test\"]}")
            .post("/continuity/organisations").then().statusCode(404)
            .body("message", containsString("globex.test"));
        webAdmin().body("{\"id\":\"globex\",")
            .post("/continuity/organisations").then().statusCode(400);
        webAdmin().body("{\"id\":\"acme\",\"displayName\":\"Acme again\",\"domains\":[]}")
            .post("/continuity/organisations").then().statusCode(409);
    }

    @Test
    void jamesHealthCheckShouldBeDegradedButAnswer200WhileADownstreamIsDown() {
        given().spec(webAdminSpec()).get("/healthcheck").then().statusCode(200).body("status", equalTo("healthy"));

        downstream.stop();
        awaitState("DOWN");

        given().spec(webAdminSpec()).get("/healthcheck").then()
            .statusCode(200)
            .body("status", equalTo("degraded"))
            .body("checks.find { it.componentName == 'EmergencyInbox downstream routes' }.status", equalTo("degraded"))
            .body("checks.find { it.componentName == 'EmergencyInbox downstream routes' }.cause", containsString("acme is DOWN"));
    }

    @Test
    void ourMetricsShouldBeServedForPrometheus() {
        smtp().send("bob@example.com", ALICE, "Counted by the drop-in");
        await().atMost(Duration.ofSeconds(30)).until(() -> downstream.receivedFor(ALICE).size() == 1);

        String metrics = given().spec(webAdminSpec()).get("/metrics").then().statusCode(200).extract().asString();

        assertThat(metrics).contains("emergencyinbox_spool_size ", "emergencyinbox_spool_oldestAgeSeconds ",
            "emergencyinbox_drained_perSecond ", "emergencyinbox_spooled_total ", "emergencyinbox_drained_total ",
            "emergencyinbox_bounced_total ");
        assertThat(metrics).containsPattern("(?m)^emergencyinbox_relayed_total [1-9]");
    }

    @Test
    void flushTaskShouldShowOurProgressAtTheTasksRoute() {
        downstream.stop();
        awaitState("DOWN");
        smtp().send("bob@example.com", ALICE, "Flushed by the drop-in");
        await().atMost(Duration.ofSeconds(30)).until(() -> subjectsInEmergencyInbox().contains("Flushed by the drop-in"));

        String taskId = webAdmin().post("/continuity/organisations/acme/spool?action=flush")
            .then().statusCode(201).extract().jsonPath().getString("taskId");
        webAdmin().get("/tasks/" + taskId + "/await").then().statusCode(200);

        webAdmin().get("/tasks/" + taskId).then()
            .statusCode(200)
            .body("status", equalTo("completed"))
            .body("type", equalTo("continuity-spool-flush"))
            .body("additionalInformation.organisation", equalTo("acme"))
            .body("additionalInformation.operation", equalTo("flush"))
            .body("additionalInformation.examinedEntries", greaterThanOrEqualTo(1))
            .body("additionalInformation.routeDown", equalTo(true));
    }

    private static void awaitState(String state) {
        await().atMost(Duration.ofSeconds(30)).until(() ->
            state.equals(webAdmin().get("/continuity/organisations/acme/status").jsonPath().getString("state")));
    }

    private static List<String> subjectsInEmergencyInbox() {
        JmapClient jmap = jmap();
        String account = jmap.accountId();
        Optional<String> emergency = jmap.mailboxId(account, "Emergency");
        if (emergency.isEmpty()) {
            return List.of();
        }
        return jmap.emails(account, jmap.emailIds(account, emergency.get()), "subject").stream()
            .map(email -> (String) email.get("subject"))
            .collect(Collectors.toList());
    }

    private static JmapClient jmap() {
        return new JmapClient(james.jmapPort(), ALICE, PASSWORD);
    }

    private static SmtpSender smtp() {
        return new SmtpSender("127.0.0.1", james.smtpPort());
    }

    private static RequestSpecification webAdminSpec() {
        return new RequestSpecBuilder().setContentType(ContentType.JSON).setBaseUri("http://127.0.0.1").setPort(james.webAdminPort()).build();
    }

    private static RequestSpecification webAdmin() {
        return given().spec(webAdminSpec());
    }
}
