package io.emergencyinbox.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.jmap.api.projections.MessageFastViewProjection;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.utils.GuiceProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.google.inject.multibindings.Multibinder;

import io.emergencyinbox.core.inbox.EmergencyKeywords;
import io.emergencyinbox.testing.DownstreamServer;
import io.restassured.path.json.JsonPath;
import reactor.core.publisher.Mono;

/**
 * The spine of the product, end to end in the real gateway: an organisation, its domain and its
 * downstream route created over WebAdmin; mail relayed to the downstream while it is up; spooled
 * and readable over JMAP in the recipient's Emergency mailbox while it is down; drained when it
 * comes back; JMAP clients told what changed since they last synchronised.
 */
class WalkingSkeletonTest {
    private static final String ALICE = "alice@acme.test";
    private static final String PASSWORD = "alicePassword1";

    @RegisterExtension
    static GatewayExtension gateway = GatewayExtension.builder()
        .overrides(binder -> Multibinder.newSetBinder(binder, GuiceProbe.class).addBinding().to(PreviewProbe.class))
        .build();

    /** Whether James's JMAP preview projection holds a message's preview. */
    public static class PreviewProbe implements GuiceProbe {
        private final MessageFastViewProjection projection;
        private final MessageId.Factory messageIds;

        @Inject
        public PreviewProbe(MessageFastViewProjection projection, MessageId.Factory messageIds) {
            this.projection = projection;
            this.messageIds = messageIds;
        }

        boolean hasStoredPreview(String emailId) {
            return Mono.from(projection.retrieve(messageIds.fromString(emailId))).blockOptional().isPresent();
        }
    }

    static DownstreamServer downstream;

    @BeforeAll
    static void createOrganisation() {
        downstream = DownstreamServer.start();
        gateway.webAdmin().put("/domains/acme.test").then().statusCode(204);
        gateway.webAdmin().body("{\"id\":\"acme\",\"displayName\":\"Acme Corp\",\"domains\":[\"acme.test\"]}")
            .post("/continuity/organisations").then().statusCode(201);
        gateway.webAdmin().body("{\"targets\":[{\"host\":\"127.0.0.1\",\"port\":" + downstream.port() + "}],"
                + "\"connectTimeout\":\"1s\",\"commandTimeout\":\"5s\"}")
            .put("/continuity/organisations/acme/route").then().statusCode(204);
        gateway.webAdmin().body("{\"password\":\"" + PASSWORD + "\"}").put("/users/" + ALICE).then().statusCode(204);
    }

    @AfterAll
    static void stopDownstream() {
        downstream.close();
    }

    @BeforeEach
    void downstreamUp() {
        downstream.restart().behaveNormally();
        awaitState("UP");
        downstream.clearReceived();
    }

    @Test
    void jamessSpoolQueueShouldBeReplacedByTheFirstInFirstOutOne() {
        // ADR 52: James's own memory queue hands mails out of order when the pipeline is busy.
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
            .anyMatch(name -> name.startsWith("fifo-mail-queue-spool"));
    }

    @Test
    void mailShouldBeRelayedToTheDownstreamWhenItIsUp() {
        gateway.smtp().send("bob@example.com", ALICE, "Relayed while up");

        await().atMost(Duration.ofSeconds(30)).until(() -> downstream.receivedFor(ALICE).size() == 1);
        assertThat(downstream.receivedFor(ALICE).get(0).header("Subject")).isEqualTo("Relayed while up");
        assertThat(downstream.receivedFor(ALICE).get(0).mailFrom()).isEqualTo("bob@example.com");
        assertThat(subjectsInEmergencyInbox()).doesNotContain("Relayed while up");
    }

    @Test
    void mailShouldLandInTheEmergencyInboxAndBeReadableOverJmapWhenTheDownstreamIsDown() {
        downstream.stop();
        awaitState("DOWN");

        gateway.smtp().send("bob@example.com", ALICE, "Spooled while down");

        await().atMost(Duration.ofSeconds(30)).until(() -> subjectsInEmergencyInbox().contains("Spooled while down"));
        JmapClient jmap = gateway.jmap(ALICE, PASSWORD);
        String account = jmap.accountId();
        String emergency = jmap.mailboxId(account, "Emergency").orElseThrow();
        String spooledId = jmap.emails(account, jmap.emailIds(account, emergency), "subject").stream()
            .filter(email -> "Spooled while down".equals(email.get("subject")))
            .map(email -> (String) email.get("id")).findFirst().orElseThrow();
        // ADR 58: no preview is computed when the copy arrives, only when someone reads it
        assertThat(gateway.probe(PreviewProbe.class).hasStoredPreview(spooledId)).isFalse();
        List<Map<String, Object>> emails = jmap.emails(account, jmap.emailIds(account, emergency), "subject", "from", "preview");
        assertThat(emails).anySatisfy(email -> {
            assertThat(email.get("subject")).isEqualTo("Spooled while down");
            assertThat(email.get("preview").toString()).contains("Hello, this is Spooled while down");
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.probe(PreviewProbe.class).hasStoredPreview(spooledId));
        assertThat(downstream.receivedFor(ALICE)).isEmpty();
        gateway.webAdmin().get("/continuity/organisations/acme/status").then()
            .body("state", equalTo("DOWN"))
            .body("spooled", equalTo(1));
    }

    @Test
    void spooledMailShouldBeDeliveredAndMarkedDeliveredWhenTheDownstreamComesBack() {
        downstream.stop();
        awaitState("DOWN");
        gateway.smtp().send("bob@example.com", ALICE, "Drained after recovery");
        await().atMost(Duration.ofSeconds(30)).until(() -> subjectsInEmergencyInbox().contains("Drained after recovery"));

        downstream.restart();

        await().atMost(Duration.ofSeconds(30)).until(() -> downstream.receivedFor(ALICE).size() == 1);
        assertThat(downstream.receivedFor(ALICE).get(0).header("Subject")).isEqualTo("Drained after recovery");
        await().atMost(Duration.ofSeconds(30)).until(() -> keywordsOf("Drained after recovery").containsKey(EmergencyKeywords.DELIVERED));
        gateway.webAdmin().get("/continuity/organisations/acme/status").then().body("spooled", equalTo(0));
    }

    @Test
    void jmapChangesShouldTellAClientOfMailSpooledSinceItLastSynchronised() {
        downstream.stop();
        awaitState("DOWN");
        gateway.smtp().send("bob@example.com", ALICE, "Before the client synchronised");
        await().atMost(Duration.ofSeconds(30)).until(() -> subjectsInEmergencyInbox().contains("Before the client synchronised"));
        JmapClient jmap = gateway.jmap(ALICE, PASSWORD);
        String account = jmap.accountId();
        String emergency = jmap.mailboxId(account, "Emergency").orElseThrow();
        JsonPath synchronised = jmap.call("[[\"Email/get\",{\"accountId\":\"" + account + "\",\"ids\":[]},\"e\"],"
            + "[\"Mailbox/get\",{\"accountId\":\"" + account + "\",\"ids\":[]},\"m\"]]");
        String emailState = synchronised.getString("methodResponses[0][1].state");
        String mailboxState = synchronised.getString("methodResponses[1][1].state");

        gateway.smtp().send("bob@example.com", ALICE, "After the client synchronised");
        await().atMost(Duration.ofSeconds(30)).until(() -> subjectsInEmergencyInbox().contains("After the client synchronised"));
        String newId = jmap.emails(account, jmap.emailIds(account, emergency), "subject").stream()
            .filter(email -> "After the client synchronised".equals(email.get("subject")))
            .map(email -> (String) email.get("id")).findFirst().orElseThrow();

        JsonPath changes = jmap.call("[[\"Email/changes\",{\"accountId\":\"" + account + "\",\"sinceState\":\"" + emailState + "\"},\"e\"],"
            + "[\"Mailbox/changes\",{\"accountId\":\"" + account + "\",\"sinceState\":\"" + mailboxState + "\"},\"m\"]]");
        assertThat(changes.getString("methodResponses[0][0]")).isEqualTo("Email/changes");
        assertThat(changes.getString("methodResponses[0][1].oldState")).isEqualTo(emailState);
        assertThat(changes.getString("methodResponses[0][1].newState")).isNotEqualTo(emailState);
        assertThat(changes.getList("methodResponses[0][1].created", String.class)).contains(newId);
        assertThat(changes.getList("methodResponses[0][1].destroyed", String.class)).isEmpty();
        assertThat(changes.getString("methodResponses[1][0]")).isEqualTo("Mailbox/changes");
        assertThat(changes.getList("methodResponses[1][1].updated", String.class)).contains(emergency);
    }

    private static void awaitState(String state) {
        await().atMost(Duration.ofSeconds(30)).until(() ->
            state.equals(gateway.webAdmin().get("/continuity/organisations/acme/status").jsonPath().getString("state")));
    }

    private static List<String> subjectsInEmergencyInbox() {
        JmapClient jmap = gateway.jmap(ALICE, PASSWORD);
        String account = jmap.accountId();
        Optional<String> emergency = jmap.mailboxId(account, "Emergency");
        if (emergency.isEmpty()) {
            return List.of();
        }
        return jmap.emails(account, jmap.emailIds(account, emergency.get()), "subject").stream()
            .map(email -> (String) email.get("subject"))
            .collect(java.util.stream.Collectors.toList());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> keywordsOf(String subject) {
        JmapClient jmap = gateway.jmap(ALICE, PASSWORD);
        String account = jmap.accountId();
        String emergency = jmap.mailboxId(account, "Emergency").orElseThrow();
        return jmap.emails(account, jmap.emailIds(account, emergency), "subject", "keywords").stream()
            .filter(email -> subject.equals(email.get("subject")))
            .map(email -> (Map<String, Object>) email.get("keywords"))
            .findFirst().orElse(Map.of());
    }
}
