package io.emergencyinbox.it;

import static io.emergencyinbox.it.TestOrganisation.emergencyInbox;
import static io.emergencyinbox.it.TestOrganisation.emergencySubjects;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.emergencyinbox.core.inbox.EmergencyKeywords;
import io.emergencyinbox.core.organisation.OrganisationId;
import io.emergencyinbox.core.smtp.SmtpClient;
import io.emergencyinbox.core.smtp.SmtpReply;
import io.emergencyinbox.testing.DownstreamServer;
import io.emergencyinbox.testing.OffsetClock;
import io.emergencyinbox.testing.ReceivedMail;

/**
 * The continuity engine against real downstream servers that refuse connections, refuse the
 * greeting, hang, defer or refuse recipients; time moved with an injected clock, never slept.
 * Each scenario has its own organisation and downstream; one gateway serves them all.
 */
class ContinuityEngineTest {
    static final OffsetClock CLOCK = new OffsetClock();

    @RegisterExtension
    static GatewayExtension gateway = GatewayExtension.builder()
        .continuity("drain.concurrency", "1")
        .overrides(binder -> binder.bind(Clock.class).toInstance(CLOCK))
        .build();

    /** Senders live in a managed domain too, so the notices they get can be read from their downstream. */
    static TestOrganisation senders;

    @BeforeAll
    static void createSenders() {
        senders = TestOrganisation.create(gateway, "senders", "sender.test");
    }

    @AfterAll
    static void closeSenders() {
        senders.close();
    }

    @Test
    void anOutageShouldOpenByItselfAndSpooledMailBeVisibleInTheEmergencyInbox() {
        try (TestOrganisation acme = TestOrganisation.create(gateway, "outage-opens", "opens.test", "ann@opens.test")) {
            acme.downstream().stop();

            acme.awaitState("DOWN");
            assertThat(acme.outages()).hasSize(1);
            assertThat(acme.outages().get(0)).containsEntry("trigger", "PROBE").doesNotContainKey("end");

            gateway.smtp().send("bob-outage-opens@sender.test", "ann@opens.test", "Visible at once");
            // How fast (accept -> visible, p50/p99) is measured by bench/engine_benchmark.py, not asserted here.
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> emergencySubjects(gateway, "ann@opens.test").contains("Visible at once"));
        }
    }

    @Test
    void noMessageShouldBeAttemptedWhileTheRouteIsDown() {
        try (TestOrganisation acme = TestOrganisation.create(gateway, "no-attempts", "noattempts.test")) {
            acme.downstream().greet(DownstreamServer.Greeting.NOT_AVAILABLE);
            acme.awaitState("DOWN");
            int connectionsBefore = acme.downstream().connections();

            for (int i = 0; i < 30; i++) {
                gateway.smtp().send("bob-no-attempts@sender.test", "user" + i + "@noattempts.test", "Message " + i);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> acme.spooled() == 30);

            // Only probes (one per 500 ms) may have connected, not one attempt per message.
            assertThat(acme.downstream().connections() - connectionsBefore).isLessThan(10);
            assertThat(acme.downstream().received()).isEmpty();
        }
    }

    @Test
    void manyParallelSendersShouldAllBeSpooledAndShownWithoutStallingThePipeline() throws Exception {
        try (TestOrganisation acme = TestOrganisation.create(gateway, "parallel", "parallel.test", "pat@parallel.test")) {
            acme.downstream().stop();
            acme.awaitState("DOWN");
            ExecutorService senders = Executors.newFixedThreadPool(24);
            try {
                List<Future<?>> sent = new ArrayList<>();
                for (int i = 0; i < 120; i++) {
                    int number = i;
                    sent.add(senders.submit(() -> gateway.smtp().send("bob-parallel@sender.test", "pat@parallel.test", "Parallel " + number)));
                }
                for (Future<?> future : sent) {
                    future.get(30, TimeUnit.SECONDS);
                }
            } finally {
                senders.shutdownNow();
            }

            await().atMost(Duration.ofSeconds(30)).until(() -> emergencySubjects(gateway, "pat@parallel.test").size() == 120);
            assertThat(acme.spooled()).isEqualTo(120);
        }
    }

    @Test
    void theDrainShouldDeliverEverythingInArrivalOrderExactlyOnce() {
        try (TestOrganisation acme = TestOrganisation.create(gateway, "drain-order", "drainorder.test", "dora@drainorder.test")) {
            acme.downstream().stop();
            acme.awaitState("DOWN");
            List<String> sent = IntStream.range(0, 40).mapToObj(i -> "Ordered " + i).collect(Collectors.toList());
            sent.forEach(subject -> gateway.smtp().send("bob-drain-order@sender.test", "dora@drainorder.test", subject));
            await().atMost(Duration.ofSeconds(30)).until(() -> acme.spooled() == 40);

            acme.downstream().restart();

            await().atMost(Duration.ofSeconds(30)).until(() -> acme.downstream().received().size() >= 40 && acme.spooled() == 0);
            List<String> delivered = acme.downstream().received().stream().map(mail -> mail.header("Subject")).collect(Collectors.toList());
            assertThat(delivered).containsExactlyElementsOf(sent);
            Map<String, Object> outage = acme.outages().get(0);
            assertThat(outage).containsKey("end");
            assertThat(counters(outage)).containsEntry("spooled", 40).containsEntry("delivered", 40).containsEntry("stillSpooled", 0);
            await().atMost(Duration.ofSeconds(30)).until(() -> emergencyInbox(gateway, "dora@drainorder.test", "keywords").stream()
                .allMatch(email -> keywords(email).containsKey(EmergencyKeywords.DELIVERED)));
            assertThat(emergencyInbox(gateway, "dora@drainorder.test", "subject")).hasSize(40);
        }
    }

    @Test
    void recipientsShouldBeTrackedOneByOneWhenTheDownstreamAnswersThemDifferently() {
        try (TestOrganisation acme = TestOrganisation.create(gateway, "partial", "partial.test",
                "ok@partial.test", "busy@partial.test", "gone@partial.test")) {
            acme.downstream().replyToRecipient("busy@partial.test", "451 4.2.1 Mailbox busy, try later")
                .replyToRecipient("gone@partial.test", "550 5.1.1 No such user");
            senders.downstream().clearReceived();

            gateway.smtp().send("bob-partial@sender.test", List.of("ok@partial.test", "busy@partial.test", "gone@partial.test"),
                List.of(), List.of(), SmtpSender.message("bob-partial@sender.test", "ok@partial.test", "Mixed fortunes"));

            await().atMost(Duration.ofSeconds(30)).until(() -> acme.downstream().receivedFor("ok@partial.test").size() == 1);
            await().atMost(Duration.ofSeconds(30)).until(() -> acme.spooled() == 1);
            Map<String, Object> entry = acme.spool().getMap("entries[0]");
            assertThat(entry.get("attempts")).isEqualTo(1);
            assertThat(recipients(entry)).extracting(recipient -> recipient.get("address")).containsExactly("busy@partial.test");
            assertThat(recipients(entry).get(0).get("lastFailure").toString()).contains("451 4.2.1 Mailbox busy");
            // Only the deferred recipient is shown in an Emergency Inbox: the others are settled.
            assertThat(emergencySubjects(gateway, "busy@partial.test")).containsExactly("Mixed fortunes");
            assertThat(emergencySubjects(gateway, "ok@partial.test")).isEmpty();
            assertThat(emergencySubjects(gateway, "gone@partial.test")).isEmpty();
            // The refused one went back to the sender at once.
            await().atMost(Duration.ofSeconds(30)).until(() -> !senders.downstream().receivedFor("bob-partial@sender.test").isEmpty());
            ReceivedMail notice = senders.downstream().receivedFor("bob-partial@sender.test").get(0);
            assertThat(notice.mailFrom()).isEmpty();
            assertThat(notice.contentAsString()).contains("Final-Recipient: rfc822; gone@partial.test")
                .contains("Action: failed").contains("Status: 5.1.1").contains("Diagnostic-Code: smtp; 550 5.1.1 No such user");
        }
    }

    @Test
    void aDeferredRecipientShouldBeRetriedOnlyAfterItsBackoffAndGetOneInboxCopy() {
        try (TestOrganisation acme = TestOrganisation.create(gateway, "backoff", "backoff.test", "bea@backoff.test")) {
            acme.downstream().replyToRecipient("bea@backoff.test", "451 4.3.0 Try again later");
            gateway.smtp().send("bob-backoff@sender.test", "bea@backoff.test", "Backed off");
            await().atMost(Duration.ofSeconds(30)).until(() -> acme.spooled() == 1);

            CLOCK.advance(Duration.ofMinutes(29));
            gateway.continuity().drains().drainNow(orgId(acme));
            assertThat(acme.spool().getInt("entries[0].attempts")).isEqualTo(1);

            CLOCK.advance(Duration.ofMinutes(2));
            gateway.continuity().drains().drainNow(orgId(acme));
            assertThat(acme.spool().getInt("entries[0].attempts")).isEqualTo(2);
            Instant nextAttempt = Instant.parse(acme.spool().getString("entries[0].nextAttempt"));
            assertThat(Duration.between(CLOCK.instant(), nextAttempt)).isBetween(Duration.ofMinutes(59), Duration.ofMinutes(60));

            acme.downstream().acceptRecipient("bea@backoff.test");
            CLOCK.advance(Duration.ofMinutes(61));
            gateway.continuity().drains().drainNow(orgId(acme));

            assertThat(acme.downstream().receivedFor("bea@backoff.test")).hasSize(1);
            assertThat(acme.spooled()).isZero();
            assertThat(emergencySubjects(gateway, "bea@backoff.test")).containsExactly("Backed off");
        }
    }

    @Test
    void deliveredCopiesShouldLeaveTheEmergencyInboxAfterTheirRetention() {
        try (TestOrganisation acme = TestOrganisation.create(gateway, "retention", "retention.test", "rita@retention.test")) {
            acme.downstream().stop();
            acme.awaitState("DOWN");
            gateway.smtp().send("bob-retention@sender.test", "rita@retention.test", "Kept a week");
            await().atMost(Duration.ofSeconds(30)).until(() -> emergencySubjects(gateway, "rita@retention.test").contains("Kept a week"));
            acme.downstream().restart();
            await().atMost(Duration.ofSeconds(30)).until(() -> acme.spooled() == 0);

            CLOCK.advance(Duration.ofDays(6));
            await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(30))
                .until(() -> emergencySubjects(gateway, "rita@retention.test").contains("Kept a week"));

            CLOCK.advance(Duration.ofDays(1).plusMinutes(1));
            await().atMost(Duration.ofSeconds(30)).until(() -> emergencySubjects(gateway, "rita@retention.test").isEmpty());
        }
    }

    @Test
    void aGreetingRefusedWith421ShouldSpoolTheMailNotBounceIt() {
        try (TestOrganisation acme = TestOrganisation.create(gateway, "greeting-421", "greeting.test")) {
            acme.downstream().greet(DownstreamServer.Greeting.NOT_AVAILABLE);
            senders.downstream().clearReceived();

            gateway.smtp().send("bob-greeting-421@sender.test", "gina@greeting.test", "Not bounced");

            await().atMost(Duration.ofSeconds(30)).until(() -> acme.spooled() == 1);
            assertThat(acme.spool().getString("entries[0].lastFailure.diagnostic")).contains("421");
            acme.awaitState("DOWN");
            assertThat(senders.downstream().receivedFor("bob-greeting-421@sender.test")).isEmpty();
        }
    }

    @Test
    void aDownstreamThatAcceptsAndNeverAnswersShouldTimeOutAndSpool() {
        try (TestOrganisation acme = TestOrganisation.create(gateway, "silent", "silent.test", "sam@silent.test")) {
            acme.downstream().greet(DownstreamServer.Greeting.SILENT);

            gateway.smtp().send("bob-silent@sender.test", "sam@silent.test", "Not lost in silence");

            await().atMost(Duration.ofSeconds(30)).until(() -> emergencySubjects(gateway, "sam@silent.test").contains("Not lost in silence"));
            assertThat(acme.spool().getString("entries[0].lastFailure.diagnostic")).containsIgnoringCase("timed out");
            acme.awaitState("DOWN");
        }
    }

    @Test
    void aPermanentRefusalOfTheMessageShouldReturnItToItsSenderWithoutSpooling() {
        try (TestOrganisation acme = TestOrganisation.create(gateway, "refusal", "refusal.test", "rob@refusal.test")) {
            acme.downstream().replyToData("554 5.7.1 Message rejected as spam");
            senders.downstream().clearReceived();

            gateway.smtp().send("bob-refusal@sender.test", "rob@refusal.test", "Looks like spam");

            await().atMost(Duration.ofSeconds(30)).until(() -> !senders.downstream().receivedFor("bob-refusal@sender.test").isEmpty());
            assertThat(senders.downstream().receivedFor("bob-refusal@sender.test").get(0).contentAsString())
                .contains("Status: 5.7.1").contains("Diagnostic-Code: smtp; 554 5.7.1 Message rejected as spam");
            assertThat(acme.spooled()).isZero();
            assertThat(emergencySubjects(gateway, "rob@refusal.test")).isEmpty();
        }
    }

    @Test
    void aDeclaredOutageShouldSpoolEvenThoughTheDownstreamAnswersAndDrainWhenEnded() {
        try (TestOrganisation acme = TestOrganisation.create(gateway, "maintenance", "maintenance.test", "max@maintenance.test")) {
            gateway.webAdmin().body("{\"reason\":\"Exchange upgrade\"}")
                .post("/continuity/organisations/maintenance/outages").then().statusCode(201);
            acme.awaitState("DOWN");

            gateway.smtp().send("bob-maintenance@sender.test", "max@maintenance.test", "During maintenance");
            await().atMost(Duration.ofSeconds(30)).until(() -> acme.spooled() == 1);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(30)).until(() -> "DOWN".equals(acme.status().getString("state")));
            assertThat(acme.downstream().received()).isEmpty();
            assertThat(acme.outages().get(0)).containsEntry("trigger", "MANUAL").containsEntry("reason", "Exchange upgrade");

            gateway.webAdmin().delete("/continuity/organisations/maintenance/outages/current").then().statusCode(200);

            await().atMost(Duration.ofSeconds(30)).until(() -> acme.downstream().receivedFor("max@maintenance.test").size() == 1);
            gateway.webAdmin().delete("/continuity/organisations/maintenance/outages/current").then().statusCode(409);
        }
    }

    @Test
    void mailForSomeoneWithoutAGatewayAccountShouldBeSpooledAndDeliveredButNotShown() {
        try (TestOrganisation acme = TestOrganisation.create(gateway, "no-account", "noaccount.test")) {
            acme.downstream().stop();
            acme.awaitState("DOWN");

            gateway.smtp().send("bob-no-account@sender.test", "nobody@noaccount.test", "For a stranger");
            await().atMost(Duration.ofSeconds(30)).until(() -> acme.spooled() == 1);
            assertThat(acme.spool().getBoolean("entries[0].recipients[0].inEmergencyInbox")).isFalse();

            acme.downstream().restart();
            await().atMost(Duration.ofSeconds(30)).until(() -> acme.downstream().receivedFor("nobody@noaccount.test").size() == 1);
        }
    }

    @Test
    void relayingToADomainNobodyManagesShouldStayDenied() throws Exception {
        try (SmtpClient client = SmtpClient.connect("127.0.0.1", gateway.smtpPort(), Duration.ofSeconds(5), Duration.ofSeconds(10))) {
            client.greeting();
            client.ehlo("sender.test");
            assertThat(client.mailFrom("bob@sender.test", List.of()).code()).isEqualTo(250);

            SmtpReply rcpt = client.rcptTo("someone@elsewhere.test", List.of());

            assertThat(rcpt.isPermanentFailure()).as(rcpt.asText()).isTrue();
        }
    }

    @Test
    void flushShouldRetryDeferredMailNowAndPurgeShouldReturnItToTheSender() {
        try (TestOrganisation acme = TestOrganisation.create(gateway, "admin-ops", "adminops.test", "ada@adminops.test")) {
            acme.downstream().replyToRecipient("ada@adminops.test", "451 4.3.0 Try again later");
            gateway.smtp().send("bob-admin-ops@sender.test", "ada@adminops.test", "Flushed");
            gateway.smtp().send("bob-admin-ops@sender.test", "ada@adminops.test", "Purged");
            await().atMost(Duration.ofSeconds(30)).until(() -> acme.spooled() == 2);
            String purged = acme.spool().getList("entries", Map.class).stream()
                .filter(entry -> "Purged".equals(entry.get("subject"))).map(entry -> (String) entry.get("id")).findFirst().orElseThrow();
            senders.downstream().clearReceived();

            gateway.webAdmin().delete("/continuity/organisations/admin-ops/spool/" + purged).then().statusCode(204);
            await().atMost(Duration.ofSeconds(30)).until(() -> !senders.downstream().receivedFor("bob-admin-ops@sender.test").isEmpty());
            assertThat(senders.downstream().receivedFor("bob-admin-ops@sender.test").get(0).contentAsString()).contains("Status: 5.3.0");
            assertThat(emergencyInbox(gateway, "ada@adminops.test", "subject", "keywords")).anySatisfy(email -> {
                assertThat(email.get("subject")).isEqualTo("Purged");
                assertThat(keywords(email)).containsKey(EmergencyKeywords.RETURNED);
            });

            acme.downstream().acceptRecipient("ada@adminops.test");
            String taskId = gateway.webAdmin().post("/continuity/organisations/admin-ops/spool?action=flush")
                .then().statusCode(201).extract().jsonPath().getString("taskId");
            Map<String, Object> task = gateway.webAdmin().get("/tasks/" + taskId + "/await").then().statusCode(200).extract().jsonPath().getMap("");

            assertThat(task.get("status")).isEqualTo("completed");
            assertThat(task.get("type")).isEqualTo("continuity-spool-flush");
            @SuppressWarnings("unchecked")
            Map<String, Object> details = (Map<String, Object>) task.get("additionalInformation");
            assertThat(details).containsEntry("operation", "flush").containsEntry("changedEntries", 1).containsEntry("delivered", 1);
            assertThat(acme.downstream().receivedFor("ada@adminops.test")).extracting(mail -> mail.header("Subject")).containsExactly("Flushed");
            gateway.webAdmin().post("/continuity/organisations/admin-ops/spool?action=explode").then().statusCode(400);
        }
    }

    private static OrganisationId orgId(TestOrganisation organisation) {
        return OrganisationId.of(organisation.id());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> keywords(Map<String, Object> email) {
        return (Map<String, Object>) email.getOrDefault("keywords", Map.of());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> counters(Map<String, Object> outage) {
        return (Map<String, Object>) outage.get("counters");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> recipients(Map<String, Object> entry) {
        return new ArrayList<>((List<Map<String, Object>>) entry.get("recipients"));
    }
}
