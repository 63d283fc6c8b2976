package io.emergencyinbox.it;

import static io.emergencyinbox.it.TestOrganisation.emergencyInbox;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import javax.mail.internet.MailDateFormat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.emergencyinbox.core.inbox.EmergencyKeywords;
import io.emergencyinbox.testing.OffsetClock;

/**
 * Sender notifications end to end: the gateway's notices leave over SMTP and are read with a
 * third-party RFC 3464 parser; time is moved across 30 days with an injected clock.
 */
class NoticesTest {
    static final OffsetClock CLOCK = new OffsetClock();

    @RegisterExtension
    static GatewayExtension gateway = GatewayExtension.builder()
        .overrides(binder -> binder.bind(Clock.class).toInstance(CLOCK))
        .build();

    /** Senders in a managed domain whose downstream is up: the notices they get land there. */
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
    void delayedNoticesShouldFollowTheScheduleAndTheMessageComeBackAfterThirtyDays() throws Exception {
        try (TestOrganisation acme = downOrganisation("schedule", "schedule.test", "carl@schedule.test")) {
            gateway.smtp().send("alice-schedule@sender.test", "carl@schedule.test", "Thirty days");
            await().atMost(Duration.ofSeconds(30)).until(() -> acme.spooled() == 1);
            Instant arrival = Instant.parse(acme.spool().getString("entries[0].arrival"));

            CLOCK.advance(Duration.ofHours(3).plusMinutes(58));
            assertNoNewNotice("alice-schedule@sender.test", 0);

            CLOCK.advance(Duration.ofMinutes(3));
            List<ParsedNotice> notices = awaitNotices("alice-schedule@sender.test", 1);
            ParsedNotice first = notices.get(0);
            assertThat(first.mail().mailFrom()).isEmpty();
            assertThat(first.message().getHeader("Auto-Submitted", null)).isEqualTo("auto-replied");
            assertThat(first.action()).isEqualTo("delayed");
            assertThat(first.recipientField(0, "Final-Recipient")).isEqualTo("rfc822; carl@schedule.test");
            assertThat(first.recipientField(0, "Status")).isEqualTo("4.4.1");
            assertThat(date(first.recipientField(0, "Will-Retry-Until"))).isEqualTo(truncate(arrival.plus(Duration.ofDays(30))));
            assertThat(date(first.perMessage().getHeader("Arrival-Date", null))).isEqualTo(truncate(arrival));

            for (int day = 1; day <= 29; day++) {
                CLOCK.advance(Duration.ofDays(1));
                awaitNotices("alice-schedule@sender.test", day + 1);
            }
            assertThat(awaitNotices("alice-schedule@sender.test", 30)).allSatisfy(notice -> assertThat(notice.action()).isEqualTo("delayed"));

            CLOCK.advance(Duration.ofHours(20));
            ParsedNotice last = awaitNotices("alice-schedule@sender.test", 31).get(30);
            assertThat(last.action()).isEqualTo("failed");
            assertThat(last.recipientField(0, "Status")).isEqualTo("5.4.7");
            assertThat(last.recipientField(0, "Will-Retry-Until")).isNull();
            assertThat(last.returnedContent()).contains("Subject: Thirty days").contains("Hello, this is Thirty days.");
            assertThat(acme.spooled()).isZero();
            assertThat(emergencyInbox(gateway, "carl@schedule.test", "subject", "keywords")).singleElement()
                .satisfies(email -> assertThat(keywords(email)).containsKey(EmergencyKeywords.RETURNED));
            Map<String, Object> counters = counters(acme.outages().get(0));
            assertThat(counters).containsEntry("spooled", 1).containsEntry("bounced", 1).containsEntry("noticesSent", 31);

            CLOCK.advance(Duration.ofDays(10));
            assertNoNewNotice("alice-schedule@sender.test", 31);
        }
    }

    @Test
    void theNotifyParameterShouldDecideWhichNoticesAreSent() throws Exception {
        try (TestOrganisation acme = downOrganisation("notify", "notify.test")) {
            Map<String, List<String>> cases = Map.of(
                "never", List.of("NOTIFY=NEVER"),
                "failure", List.of("NOTIFY=FAILURE"),
                "delay", List.of("NOTIFY=DELAY"),
                "success", List.of("NOTIFY=SUCCESS"),
                "both", List.of("NOTIFY=DELAY,FAILURE", "ORCPT=rfc822;" + "both-original@notify.test"),
                "absent", List.of());
            cases.forEach((name, parameters) -> gateway.smtp().send("n-" + name + "@sender.test", List.of(name + "@notify.test"),
                name.equals("both") ? List.of("RET=HDRS", "ENVID=QQ-both-1") : List.of(), parameters,
                SmtpSender.message("n-" + name + "@sender.test", name + "@notify.test", "Notify " + name)));
            await().atMost(Duration.ofSeconds(30)).until(() -> acme.spooled() == 6);

            CLOCK.advance(Duration.ofHours(4).plusMinutes(1));
            awaitNotices("n-delay@sender.test", 1);
            awaitNotices("n-both@sender.test", 1);
            awaitNotices("n-absent@sender.test", 1);
            assertNoNewNotice("n-never@sender.test", 0);
            assertThat(notices("n-failure@sender.test")).isEmpty();
            assertThat(notices("n-success@sender.test")).isEmpty();

            CLOCK.advance(Duration.ofDays(30));
            await().atMost(Duration.ofSeconds(30)).until(() -> acme.spooled() == 0);
            assertThat(awaitNotices("n-failure@sender.test", 1).get(0).action()).isEqualTo("failed");
            assertThat(awaitNotices("n-absent@sender.test", 2).get(1).action()).isEqualTo("failed");
            ParsedNotice both = awaitNotices("n-both@sender.test", 2).get(1);
            assertThat(both.action()).isEqualTo("failed");
            assertThat(both.perMessage().getHeader("Original-Envelope-Id", null)).isEqualTo("QQ-both-1");
            assertThat(both.recipientField(0, "Original-Recipient")).isEqualTo("rfc822;both-original@notify.test");
            assertThat(both.returnedContentType()).startsWith("text/rfc822-headers");
            assertThat(both.returnedContent()).contains("Subject: Notify both").doesNotContain("Hello, this is");
            assertNoNewNotice("n-never@sender.test", 0);
            assertThat(notices("n-success@sender.test")).isEmpty();
            assertThat(notices("n-delay@sender.test")).hasSize(1);
        }
    }

    @Test
    void theNullSenderShouldNeverGetANoticeAndItsMessageStillBeAccountedFor() {
        try (TestOrganisation acme = downOrganisation("null-sender", "nullsender.test")) {
            gateway.smtp().send("", List.of("nina@nullsender.test"), List.of(), List.of(),
                SmtpSender.message("mailer-daemon@sender.test", "nina@nullsender.test", "From nobody"));
            await().atMost(Duration.ofSeconds(30)).until(() -> acme.spooled() == 1);

            CLOCK.advance(Duration.ofDays(31));

            await().atMost(Duration.ofSeconds(30)).until(() -> acme.spooled() == 0);
            Map<String, Object> counters = counters(acme.outages().get(0));
            assertThat(counters).containsEntry("spooled", 1).containsEntry("bounced", 1).containsEntry("noticesSent", 0);
        }
    }

    @Test
    void aNoticeShouldNeverCauseAnotherNotice() {
        try (TestOrganisation loop = downOrganisation("loop-senders", "loop.test", "lou@loop.test");
             TestOrganisation acme = downOrganisation("loop-target", "looptarget.test")) {
            gateway.smtp().send("lou@loop.test", "tom@looptarget.test", "Goes nowhere");
            await().atMost(Duration.ofSeconds(30)).until(() -> acme.spooled() == 1);

            CLOCK.advance(Duration.ofHours(4).plusMinutes(1));
            // The delayed notice to lou cannot be delivered either: it is spooled, from <>, and shown to lou.
            await().atMost(Duration.ofSeconds(30)).until(() -> loop.spooled() == 1);
            assertThat(loop.spool().getString("entries[0].sender")).isEmpty();
            await().atMost(Duration.ofSeconds(30)).until(() -> emergencyInbox(gateway, "lou@loop.test", "subject").size() == 1);

            CLOCK.advance(Duration.ofDays(31));
            await().atMost(Duration.ofSeconds(30)).until(() -> acme.spooled() == 0);
            // The delayed notice expired silently; the failed notice to lou is now spooled in its turn.
            await().atMost(Duration.ofSeconds(30)).until(() -> loop.spooled() == 1);
            assertThat(loop.spool().getString("entries[0].sender")).isEmpty();

            CLOCK.advance(Duration.ofDays(31));
            await().atMost(Duration.ofSeconds(30)).until(() -> loop.spooled() == 0);
            // Both notices came from <>: they were returned to nobody, and caused no notice of their own.
            assertThat(counters(loop.outages().get(0))).containsEntry("spooled", 2).containsEntry("bounced", 2)
                .containsEntry("noticesSent", 0);
            assertThat(counters(acme.outages().get(0))).containsEntry("noticesSent", 2);
        }
    }

    @Test
    void anOrganisationsOwnScheduleShouldApplyToItsMail() throws Exception {
        try (TestOrganisation acme = downOrganisation("custom-policy", "custompolicy.test")) {
            gateway.webAdmin().body("{\"maxSpoolAge\":\"6h\",\"firstDelayedNotice\":\"1h\",\"delayedNoticeInterval\":\"2h\"}")
                .put("/continuity/organisations/custom-policy/policy").then().statusCode(204);
            gateway.webAdmin().get("/continuity/organisations/custom-policy/policy").then().statusCode(200)
                .body("effective.maxSpoolAge", org.hamcrest.Matchers.equalTo("6h"));
            gateway.smtp().send("p-custom@sender.test", "pia@custompolicy.test", "Short policy");
            await().atMost(Duration.ofSeconds(30)).until(() -> acme.spooled() == 1);
            Instant arrival = Instant.parse(acme.spool().getString("entries[0].arrival"));
            assertThat(Instant.parse(acme.spool().getString("entries[0].expiry"))).isEqualTo(arrival.plus(Duration.ofHours(6)));

            CLOCK.advance(Duration.ofHours(1).plusMinutes(1));
            ParsedNotice first = awaitNotices("p-custom@sender.test", 1).get(0);
            assertThat(date(first.recipientField(0, "Will-Retry-Until"))).isEqualTo(truncate(arrival.plus(Duration.ofHours(6))));
            CLOCK.advance(Duration.ofHours(2));
            awaitNotices("p-custom@sender.test", 2);
            CLOCK.advance(Duration.ofHours(2));
            awaitNotices("p-custom@sender.test", 3);
            CLOCK.advance(Duration.ofHours(1));
            assertThat(awaitNotices("p-custom@sender.test", 4).get(3).action()).isEqualTo("failed");

            gateway.webAdmin().body("{\"maxSpoolAge\":\"1m\"}").put("/continuity/organisations/custom-policy/policy")
                .then().statusCode(400).body("message", org.hamcrest.Matchers.containsString("maxSpoolAge must be between 1h and 90d"));
        }
    }

    private static TestOrganisation downOrganisation(String id, String domain, String... users) {
        TestOrganisation organisation = TestOrganisation.create(gateway, id, domain, users);
        organisation.downstream().stop();
        organisation.awaitState("DOWN");
        return organisation;
    }

    private static List<ParsedNotice> notices(String sender) {
        return senders.downstream().receivedFor(sender).stream().map(ParsedNotice::of).collect(Collectors.toList());
    }

    private static List<ParsedNotice> awaitNotices(String sender, int count) {
        await().atMost(Duration.ofSeconds(30)).until(() -> senders.downstream().receivedFor(sender).size() >= count);
        List<ParsedNotice> notices = notices(sender);
        assertThat(notices).as("notices to " + sender).hasSize(count);
        return notices;
    }

    private static void assertNoNewNotice(String sender, int expected) {
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(30))
            .until(() -> senders.downstream().receivedFor(sender).size() == expected);
    }

    private static Instant date(String value) throws Exception {
        return new MailDateFormat().parse(value).toInstant();
    }

    private static Instant truncate(Instant instant) {
        return Instant.ofEpochSecond(instant.getEpochSecond());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> keywords(Map<String, Object> email) {
        return (Map<String, Object>) email.getOrDefault("keywords", Map.of());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> counters(Map<String, Object> outage) {
        return (Map<String, Object>) outage.get("counters");
    }
}
