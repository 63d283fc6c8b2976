package io.emergencyinbox.it;

import static io.emergencyinbox.it.TestOrganisation.emergencySubjects;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.apache.james.core.Username;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.emergencyinbox.jmap.access.AccountIds;
import io.emergencyinbox.testing.DownstreamServer;
import io.emergencyinbox.testing.ReceivedMail;
import io.restassured.path.json.JsonPath;
import okhttp3.HttpUrl;
import rs.ltt.jmap.client.JmapClient;
import rs.ltt.jmap.common.entity.Email;
import rs.ltt.jmap.common.entity.Mailbox;
import rs.ltt.jmap.common.entity.capability.MailAccountCapability;
import rs.ltt.jmap.common.entity.filter.EmailFilterCondition;
import rs.ltt.jmap.common.method.call.email.GetEmailMethodCall;
import rs.ltt.jmap.common.method.call.email.QueryEmailMethodCall;
import rs.ltt.jmap.common.method.call.mailbox.GetMailboxMethodCall;
import rs.ltt.jmap.common.method.response.email.GetEmailMethodResponse;
import rs.ltt.jmap.common.method.response.email.QueryEmailMethodResponse;
import rs.ltt.jmap.common.method.response.mailbox.GetMailboxMethodResponse;

/**
 * Working from the Emergency Inbox with JMAP during an outage: replies leave through the gateway's
 * outbound relay, mail to a colleague is spooled into their Emergency Inbox, push tells clients of
 * new mail, sent mail reaches the sender's own mailbox after recovery, errors are JMAP errors, and
 * a third-party JMAP client library works.
 */
@SuppressWarnings("unchecked")
class JmapSendingTest {
    static final String ALICE = "alice@acme.test";
    static final String BOB = "bob@acme.test";
    static final String CAROL = "carol@example.com";
    static final String USING = "[\"urn:ietf:params:jmap:core\",\"urn:ietf:params:jmap:mail\",\"urn:ietf:params:jmap:submission\"]";
    static final String CONTINUITY = "[\"urn:ietf:params:jmap:core\",\"urn:io.emergencyinbox:params:jmap:continuity\"]";
    static final DownstreamServer RELAY = DownstreamServer.start();

    @RegisterExtension
    static GatewayExtension gateway = GatewayExtension.builder().outboundRelay(RELAY.port()).build();

    static TestOrganisation acme;

    @BeforeAll
    static void outage() {
        acme = TestOrganisation.create(gateway, "acme", "acme.test", ALICE, BOB);
        acme.downstream().stop();
        acme.awaitState("DOWN");
    }

    @AfterAll
    static void close() {
        acme.close();
        RELAY.close();
    }

    @Test
    void aReplyFromTheEmergencyInboxShouldLeaveThroughTheOutboundRelayAndBeKeptInSent() {
        gateway.smtp().send(CAROL, ALICE, "Quarterly figures");
        await().atMost(Duration.ofSeconds(30)).until(() -> emergencySubjects(gateway, ALICE).contains("Quarterly figures"));
        io.emergencyinbox.it.JmapClient jmap = client(ALICE);
        Map<String, Object> original = emailWithSubject(jmap, ALICE, "Quarterly figures");
        String originalMessageId = ((List<?>) original.get("messageId")).get(0).toString();

        JsonPath sent = send(jmap, ALICE, "Re: Quarterly figures", CAROL,
            ",\"inReplyTo\":[\"" + originalMessageId + "\"],\"references\":[\"" + originalMessageId + "\"]");

        assertThat(sent.getString("methodResponses[1][0]")).as(sent.prettify()).isEqualTo("EmailSubmission/set");
        await().atMost(Duration.ofSeconds(30)).until(() -> !RELAY.receivedFor(CAROL).isEmpty());
        ReceivedMail reply = RELAY.receivedFor(CAROL).get(0);
        assertThat(reply.mailFrom()).isEqualTo(ALICE);
        assertThat(reply.header("From")).contains(ALICE);
        assertThat(reply.header("Subject")).isEqualTo("Re: Quarterly figures");
        assertThat(reply.header("In-Reply-To")).isEqualTo("<" + originalMessageId + ">");
        assertThat(reply.header("References")).isEqualTo("<" + originalMessageId + ">");
        String sentMailbox = mailboxIdByRole(jmap, ALICE, "sent");
        assertThat(jmap.emails(account(ALICE), jmap.emailIds(account(ALICE), sentMailbox), "subject"))
            .extracting(email -> email.get("subject")).contains("Re: Quarterly figures");
    }

    @Test
    void mailToAColleagueDuringTheOutageShouldAppearInTheirEmergencyInbox() {
        send(client(ALICE), ALICE, "Lunch?", BOB, "");

        await().atMost(Duration.ofSeconds(30)).until(() -> emergencySubjects(gateway, BOB).contains("Lunch?"));
        assertThat(RELAY.receivedFor(BOB)).isEmpty();
    }

    @Test
    void whatAUserSentDuringTheOutageShouldReachTheirOwnMailboxOnceAfterRecovery() {
        send(client(ALICE), ALICE, "Sent while the server was down", CAROL, "");
        await().atMost(Duration.ofSeconds(30)).until(() -> RELAY.receivedFor(CAROL).stream()
            .anyMatch(mail -> "Sent while the server was down".equals(mail.header("Subject"))));

        acme.downstream().restart();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> acme.spooled() == 0);
            List<ReceivedMail> copies = acme.downstream().receivedFor(ALICE).stream()
                .filter(mail -> "Sent while the server was down".equals(mail.header("Subject")))
                .collect(Collectors.toList());
            assertThat(copies).hasSize(1);
            assertThat(copies.get(0).header("X-Emergency-Inbox-Copy")).isEqualTo("sent-during-outage");
            assertThat(copies.get(0).mailFrom()).isEmpty();
            assertThat(copies.get(0).header("To")).contains(CAROL);
        } finally {
            acme.downstream().stop();
            acme.awaitState("DOWN");
        }
    }

    @Test
    void pushShouldTellASubscribedClientOfNewlySpooledMail() throws Exception {
        List<String> messages = new CopyOnWriteArrayList<>();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
            .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((ALICE + ":" + TestOrganisation.PASSWORD)
                .getBytes(StandardCharsets.UTF_8)))
            .buildAsync(URI.create("ws://127.0.0.1:" + gateway.jmapPort() + "/jmap/ws"), new WebSocket.Listener() {
                @Override
                public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                    messages.add(data.toString());
                    webSocket.request(1);
                    return null;
                }
            }).join();
        try {
            socket.sendText("{\"@type\":\"WebSocketPushEnable\",\"dataTypes\":[\"Email\"]}", true).join();

            // James registers the subscription asynchronously and does not acknowledge it: mail sent before it is in
            // place is not pushed. So a new message is sent every 10 s (at most 3) until a StateChange arrives.
            boolean pushed = false;
            for (int attempt = 1; attempt <= 3 && !pushed; attempt++) {
                gateway.smtp().send(CAROL, ALICE, "Pushed to the client " + attempt);
                try {
                    await().atMost(Duration.ofSeconds(10)).until(() -> messages.stream().anyMatch(message ->
                        message.contains("\"StateChange\"") && message.contains(account(ALICE)) && message.contains("\"Email\"")));
                    pushed = true;
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    // not subscribed yet: try again
                }
            }
            assertThat(pushed).as("a StateChange for Alice's Email pushed over the WebSocket").isTrue();
        } finally {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
        }
    }

    @Test
    void anOversizedMessageShouldBeRefusedWithTooLarge() {
        io.emergencyinbox.it.JmapClient jmap = client(ALICE);
        byte[] attachment = new byte[26 * 1024 * 1024];
        Arrays.fill(attachment, (byte) 'x');
        String blobId = jmap.request().contentType("application/octet-stream").body(attachment)
            .post("/upload/" + account(ALICE)).then().statusCode(201).extract().jsonPath().getString("blobId");

        JsonPath response = jmap.call(USING, "[[\"Email/set\",{\"accountId\":\"" + account(ALICE) + "\",\"create\":{\"big\":{"
            + "\"mailboxIds\":{\"" + mailboxIdByRole(jmap, ALICE, "drafts") + "\":true},\"from\":[{\"email\":\"" + ALICE + "\"}],"
            + "\"to\":[{\"email\":\"" + CAROL + "\"}],\"subject\":\"Too big\","
            + "\"attachments\":[{\"blobId\":\"" + blobId + "\",\"type\":\"application/octet-stream\",\"name\":\"big.bin\"}]}}},\"c\"]]");

        assertThat(response.getString("methodResponses[0][1].notCreated.big.type")).isEqualTo("tooLarge");
    }

    @Test
    void aMalformedRecipientShouldBeRefusedWithAJmapError() {
        io.emergencyinbox.it.JmapClient jmap = client(ALICE);

        JsonPath response = send(jmap, ALICE, "To nobody", "not an address", "");

        assertThat(response.prettify()).contains("invalidArguments");
        assertThat(RELAY.received()).noneMatch(mail -> "To nobody".equals(mail.header("Subject")));
    }

    @Test
    void continuityGetShouldTellTheUserAboutTheOutageAndTheirSpooledMail() {
        gateway.smtp().send(CAROL, BOB, "Counted in the status");
        await().atMost(Duration.ofSeconds(30)).until(() -> emergencySubjects(gateway, BOB).contains("Counted in the status"));
        Map<String, Object> spool = acme.spool().getMap("");
        long spooledForBob = ((List<Map<String, Object>>) spool.get("entries")).stream()
            .filter(entry -> ((List<Map<String, Object>>) entry.get("recipients")).stream()
                .anyMatch(recipient -> BOB.equals(recipient.get("address")) && "PENDING".equals(recipient.get("status"))))
            .count();

        JsonPath response = client(BOB).call(CONTINUITY, "[[\"Continuity/get\",{\"accountId\":\"" + account(BOB) + "\"},\"c\"]]");

        Map<String, Object> status = response.getMap("methodResponses[0][1]");
        assertThat(status).containsEntry("accountId", account(BOB)).containsEntry("username", BOB)
            .containsEntry("organisation", "acme").containsEntry("state", "DOWN").containsEntry("plannedMaintenance", false);
        assertThat(status.get("outageId")).isEqualTo(acme.status().getString("outage"));
        assertThat(((Number) status.get("spooledCount")).longValue()).isEqualTo(spooledForBob).isPositive();
        java.time.Instant oldest = java.time.Instant.parse((String) status.get("oldestSpooledArrival"));
        assertThat(java.time.Instant.parse((String) status.get("returnsToSenderOn"))).isEqualTo(oldest.plus(Duration.ofDays(30)));
        assertThat(status.get("emergencyMailboxId")).isEqualTo(client(BOB).mailboxId(account(BOB), "Emergency").orElseThrow());
        assertThat(client(BOB).session().getMap("capabilities")).containsKey("urn:io.emergencyinbox:params:jmap:continuity");
    }

    @Test
    void continuityMethodsShouldAnswerBadArgumentsWithJmapErrors() {
        io.emergencyinbox.it.JmapClient jmap = client(BOB);

        assertThat(jmap.call(CONTINUITY, "[[\"Continuity/get\",{},\"c\"]]").getString("methodResponses[0][1].type"))
            .isEqualTo("invalidArguments");
        assertThat(jmap.call(CONTINUITY, "[[\"Continuity/get\",{\"accountId\":42},\"c\"]]").getString("methodResponses[0][1].type"))
            .isEqualTo("invalidArguments");
        assertThat(jmap.call(CONTINUITY, "[[\"Continuity/get\",{\"accountId\":\"" + account(BOB) + "\",\"colour\":\"blue\"},\"c\"]]")
            .getString("methodResponses[0][1].description")).contains("Unknown argument 'colour'");
        assertThat(jmap.call(CONTINUITY, "[[\"ContinuityAccessLog/query\",{\"accountId\":\"" + account(BOB) + "\",\"limit\":0},\"c\"]]")
            .getString("methodResponses[0][1].type")).isEqualTo("invalidArguments");
        assertThat(jmap.call(USING, "[[\"Continuity/get\",{\"accountId\":\"" + account(BOB) + "\"},\"c\"]]")
            .getString("methodResponses[0][1].type")).isEqualTo("unknownMethod");
    }

    @Test
    void aThirdPartyJmapClientShouldReadTheEmergencyInbox() throws Exception {
        gateway.smtp().send(CAROL, BOB, "Read by any client");
        await().atMost(Duration.ofSeconds(30)).until(() -> emergencySubjects(gateway, BOB).contains("Read by any client"));

        try (JmapClient client = new JmapClient(BOB, TestOrganisation.PASSWORD,
                HttpUrl.get("http://127.0.0.1:" + gateway.jmapPort() + "/jmap/session"))) {
            String account = client.getSession().get().getPrimaryAccount(MailAccountCapability.class);
            Mailbox emergency = Arrays.stream(client.call(GetMailboxMethodCall.builder().accountId(account).build()).get()
                    .getMain(GetMailboxMethodResponse.class).getList())
                .filter(mailbox -> "Emergency".equals(mailbox.getName())).findFirst().orElseThrow();
            String[] ids = client.call(QueryEmailMethodCall.builder().accountId(account)
                    .filter(EmailFilterCondition.builder().inMailbox(emergency.getId()).build()).build()).get()
                .getMain(QueryEmailMethodResponse.class).getIds();
            Email[] emails = client.call(GetEmailMethodCall.builder().accountId(account).ids(ids)
                    .properties(new String[] {"subject"}).build()).get()
                .getMain(GetEmailMethodResponse.class).getList();

            assertThat(Arrays.stream(emails).map(Email::getSubject)).contains("Read by any client");
        }
    }

    private static io.emergencyinbox.it.JmapClient client(String user) {
        return gateway.jmap(user, TestOrganisation.PASSWORD);
    }

    private static String account(String user) {
        return AccountIds.of(Username.of(user));
    }

    private static JsonPath send(io.emergencyinbox.it.JmapClient jmap, String from, String subject, String to, String extra) {
        String account = account(from);
        String identity = jmap.call(USING, "[[\"Identity/get\",{\"accountId\":\"" + account + "\"},\"i\"]]")
            .getString("methodResponses[0][1].list[0].id");
        return jmap.call(USING, "[[\"Email/set\",{\"accountId\":\"" + account + "\",\"create\":{\"m\":{"
            + "\"mailboxIds\":{\"" + mailboxIdByRole(jmap, from, "sent") + "\":true},\"keywords\":{\"$seen\":true},"
            + "\"from\":[{\"email\":\"" + from + "\"}],\"to\":[{\"email\":\"" + to + "\"}],\"subject\":\"" + subject + "\""
            + extra + ",\"bodyValues\":{\"b\":{\"value\":\"Hello from the Emergency Inbox.\"}},"
            + "\"textBody\":[{\"partId\":\"b\",\"type\":\"text/plain\"}]}}},\"e\"],"
            + "[\"EmailSubmission/set\",{\"accountId\":\"" + account + "\",\"create\":{\"s\":{\"emailId\":\"#m\",\"identityId\":\""
            + identity + "\"}}},\"s\"]]");
    }

    private static String mailboxIdByRole(io.emergencyinbox.it.JmapClient jmap, String user, String role) {
        List<Map<String, Object>> mailboxes = jmap.call("[[\"Mailbox/get\",{\"accountId\":\"" + account(user) + "\",\"ids\":null},\"m\"]]")
            .getList("methodResponses[0][1].list");
        return mailboxes.stream().filter(mailbox -> role.equals(mailbox.get("role"))).map(mailbox -> (String) mailbox.get("id"))
            .findFirst().orElseThrow(() -> new AssertionError("no " + role + " mailbox in " + mailboxes));
    }

    private static Map<String, Object> emailWithSubject(io.emergencyinbox.it.JmapClient jmap, String user, String subject) {
        String account = account(user);
        String emergency = jmap.mailboxId(account, "Emergency").orElseThrow();
        return jmap.emails(account, jmap.emailIds(account, emergency), "subject", "messageId").stream()
            .filter(email -> subject.equals(email.get("subject"))).findFirst().orElseThrow();
    }
}
