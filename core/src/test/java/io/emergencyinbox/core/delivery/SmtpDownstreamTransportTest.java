package io.emergencyinbox.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.emergencyinbox.core.delivery.RecipientOutcome.Kind;
import io.emergencyinbox.core.message.ContentSource;
import io.emergencyinbox.core.message.Envelope;
import io.emergencyinbox.core.message.EnvelopeRecipient;
import io.emergencyinbox.core.message.Notify;
import io.emergencyinbox.core.message.Ret;
import io.emergencyinbox.core.route.DownstreamRoute;
import io.emergencyinbox.core.route.DownstreamTarget;
import io.emergencyinbox.core.route.SmtpCredentials;
import io.emergencyinbox.core.route.TlsPolicy;
import io.emergencyinbox.core.route.TrustedCertificates;
import io.emergencyinbox.testing.DownstreamServer;
import io.emergencyinbox.testing.DownstreamServer.Greeting;
import io.emergencyinbox.testing.ReceivedMail;

class SmtpDownstreamTransportTest {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);
    private static final String MESSAGE = "From: alice@sender.example\r\nTo: bob@acme.com\r\nSubject: Quarterly report\r\n"
        + "\r\nPlease find the report attached.\r\n";

    private DownstreamServer server;
    private DownstreamServer secondary;
    private SmtpDownstreamTransport transport;
    private DownstreamSession session;

    @BeforeEach
    void setUp() {
        server = DownstreamServer.start();
        secondary = DownstreamServer.start();
        transport = new SmtpDownstreamTransport("gateway.test");
    }

    @AfterEach
    void tearDown() {
        if (session != null) {
            session.close();
        }
        server.stop();
        secondary.stop();
    }

    private static DownstreamTarget target(DownstreamServer downstream, int priority) {
        return new DownstreamTarget(downstream.host(), downstream.port(), priority);
    }

    private static DownstreamRoute routeTo(DownstreamTarget... targets) {
        return DownstreamRoute.to(targets).withTimeouts(CONNECT_TIMEOUT, COMMAND_TIMEOUT);
    }

    private DownstreamRoute route() {
        return routeTo(target(server, 10));
    }

    private static DownstreamRoute withCredentials(DownstreamRoute route, String username, String password) {
        return new DownstreamRoute(route.targets(), route.tlsPolicy(), route.connectTimeout(), route.commandTimeout(),
            Optional.of(new SmtpCredentials(username, password)));
    }

    private static MailAddress address(String value) throws Exception {
        return new MailAddress(value);
    }

    private static Envelope envelope(String... recipients) throws Exception {
        List<EnvelopeRecipient> envelopeRecipients = new ArrayList<>();
        for (String recipient : recipients) {
            envelopeRecipients.add(EnvelopeRecipient.of(address(recipient)));
        }
        return new Envelope(MaybeSender.of(address("alice@sender.example")), envelopeRecipients, Optional.empty(), Optional.empty());
    }

    private static ContentSource content(String text) {
        return ContentSource.of(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aMessageShouldBeDeliveredWithItsEnvelope() throws Exception {
        session = transport.open(route());

        DeliveryResult result = session.deliver(envelope("bob@acme.com", "carol@acme.com"), content(MESSAGE));

        assertThat(result.allDelivered()).isTrue();
        assertThat(result.outcomes()).extracting(RecipientOutcome::recipient)
            .containsExactlyInAnyOrder(address("bob@acme.com"), address("carol@acme.com"));
        assertThat(result.outcomeOf(address("bob@acme.com")).orElseThrow().remoteMta())
            .isEqualTo(server.host() + ":" + server.port());
        assertThat(server.received()).singleElement().satisfies(mail -> {
            assertThat(mail.mailFrom()).isEqualTo("alice@sender.example");
            assertThat(mail.recipients()).containsExactly("bob@acme.com", "carol@acme.com");
            assertThat(mail.contentAsString()).isEqualTo(MESSAGE);
        });
    }

    @Test
    void theSizeAndBodyTypeShouldBeAnnouncedToAServerThatSupportsThem() throws Exception {
        session = transport.open(route());

        session.deliver(envelope("bob@acme.com"), content(MESSAGE));

        assertThat(server.received().get(0).mailParameters())
            .contains("SIZE=" + MESSAGE.getBytes(StandardCharsets.UTF_8).length, "BODY=8BITMIME");
    }

    @Test
    void aMessageFromTheNullSenderShouldBeDelivered() throws Exception {
        session = transport.open(route());
        Envelope bounce = new Envelope(MaybeSender.nullSender(), List.of(EnvelopeRecipient.of(address("bob@acme.com"))),
            Optional.empty(), Optional.empty());

        DeliveryResult result = session.deliver(bounce, content(MESSAGE));

        assertThat(result.allDelivered()).isTrue();
        assertThat(server.received()).singleElement().extracting(ReceivedMail::mailFrom).isEqualTo("");
    }

    @Test
    void aSessionShouldDeliverSeveralMessagesOnOneConnection() throws Exception {
        session = transport.open(route());

        DeliveryResult first = session.deliver(envelope("bob@acme.com"), content("Subject: one\r\n\r\nfirst\r\n"));
        DeliveryResult second = session.deliver(envelope("carol@acme.com"), content("Subject: two\r\n\r\nsecond\r\n"));

        assertThat(first.allDelivered()).isTrue();
        assertThat(second.allDelivered()).isTrue();
        assertThat(session.isUsable()).isTrue();
        assertThat(server.received()).extracting(mail -> mail.header("Subject")).containsExactly("one", "two");
        assertThat(server.received().get(1).recipients()).containsExactly("carol@acme.com");
        assertThat(server.connections()).isEqualTo(1);
    }

    // --- targets

    @Test
    void targetsShouldBeTriedLowestPriorityValueFirst() throws Exception {
        session = transport.open(routeTo(target(secondary, 20), target(server, 10)));

        session.deliver(envelope("bob@acme.com"), content(MESSAGE));

        assertThat(session.remoteMta()).isEqualTo(server.host() + ":" + server.port());
        assertThat(server.received()).hasSize(1);
        assertThat(secondary.connections()).isZero();
    }

    @Test
    void theNextTargetShouldBeUsedWhenTheFirstRefusesConnections() throws Exception {
        server.stop();

        session = transport.open(routeTo(target(server, 10), target(secondary, 20)));
        DeliveryResult result = session.deliver(envelope("bob@acme.com"), content(MESSAGE));

        assertThat(result.allDelivered()).isTrue();
        assertThat(session.remoteMta()).isEqualTo(secondary.host() + ":" + secondary.port());
        assertThat(secondary.received()).hasSize(1);
    }

    @Test
    void theNextTargetShouldBeUsedWhenTheFirstRefusesService() throws Exception {
        server.greet(Greeting.NOT_AVAILABLE);

        session = transport.open(routeTo(target(server, 10), target(secondary, 20)));
        session.deliver(envelope("bob@acme.com"), content(MESSAGE));

        assertThat(server.connections()).isEqualTo(1);
        assertThat(secondary.received()).hasSize(1);
    }

    @Test
    void aRouteWhoseTargetsAreAllDownShouldBeUnavailableNamingEachTarget() {
        server.stop();
        secondary.stop();
        DownstreamRoute route = routeTo(target(server, 10), target(secondary, 20));

        assertThatThrownBy(() -> transport.open(route))
            .isInstanceOf(RouteUnavailableException.class)
            .hasMessageContaining("127.0.0.1:" + server.port())
            .hasMessageContaining("127.0.0.1:" + secondary.port());
    }

    @Test
    void aRouteShouldBeAvailableAgainOnceItsServerRestarts() throws Exception {
        server.stop();
        assertThatThrownBy(() -> transport.open(route())).isInstanceOf(RouteUnavailableException.class);

        server.restart();
        session = transport.open(route());

        assertThat(session.deliver(envelope("bob@acme.com"), content(MESSAGE)).allDelivered()).isTrue();
    }

    @Test
    void aServiceNotAvailableGreetingShouldMakeTheRouteUnavailable() {
        server.greet(Greeting.NOT_AVAILABLE);

        assertThatThrownBy(() -> transport.open(route()))
            .isInstanceOf(RouteUnavailableException.class)
            .hasMessageContaining("421");
    }

    @Test
    void aSilentServerShouldMakeTheRouteUnavailableAfterTheCommandTimeout() {
        server.greet(Greeting.SILENT);
        DownstreamRoute route = route().withTimeouts(CONNECT_TIMEOUT, Duration.ofMillis(500));
        long start = System.nanoTime();

        assertThatThrownBy(() -> transport.open(route))
            .isInstanceOf(RouteUnavailableException.class)
            .hasMessageContaining("127.0.0.1:" + server.port());

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void requiredTlsShouldMakeAServerWithoutStartTlsUnavailable() {
        DownstreamRoute route = route().withTlsPolicy(TlsPolicy.REQUIRED);

        assertThatThrownBy(() -> transport.open(route))
            .isInstanceOf(RouteUnavailableException.class)
            .hasMessageContaining("STARTTLS");
        assertThat(server.received()).isEmpty();
    }

    @Test
    void opportunisticTlsShouldDeliverInClearToAServerWithoutStartTls() throws Exception {
        session = transport.open(route().withTlsPolicy(TlsPolicy.OPPORTUNISTIC));

        assertThat(session.deliver(envelope("bob@acme.com"), content(MESSAGE)).allDelivered()).isTrue();
        assertThat(server.received()).singleElement().extracting(ReceivedMail::overTls).isEqualTo(false);
    }

    @Test
    void opportunisticTlsShouldDeliverOverTlsToAServerOfferingStartTls() throws Exception {
        server.offerStartTls();
        session = transport.open(route().withTlsPolicy(TlsPolicy.OPPORTUNISTIC));

        assertThat(session.deliver(envelope("bob@acme.com"), content(MESSAGE)).allDelivered()).isTrue();
        assertThat(server.received()).singleElement().satisfies(mail -> {
            assertThat(mail.overTls()).isTrue();
            assertThat(mail.contentAsString()).isEqualTo(MESSAGE);
        });
    }

    @Test
    void requiredTlsShouldDeliverOverTlsToAServerOfferingStartTls() throws Exception {
        server.offerStartTls();
        session = transport.open(route().withTlsPolicy(TlsPolicy.REQUIRED));

        assertThat(session.deliver(envelope("bob@acme.com"), content(MESSAGE)).allDelivered()).isTrue();
        assertThat(server.received()).singleElement().extracting(ReceivedMail::overTls).isEqualTo(true);
    }

    @Test
    void aTlsSessionShouldCarrySeveralMessages() throws Exception {
        server.offerStartTls();
        session = transport.open(route().withTlsPolicy(TlsPolicy.REQUIRED));

        session.deliver(envelope("bob@acme.com"), content("Subject: one\r\n\r\nfirst\r\n"));
        session.deliver(envelope("carol@acme.com"), content("Subject: two\r\n\r\nsecond\r\n"));

        assertThat(server.received()).extracting(ReceivedMail::overTls).containsExactly(true, true);
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void tlsOffShouldDeliverInClearEvenToAServerOfferingStartTls() throws Exception {
        server.offerStartTls();
        session = transport.open(route().withTlsPolicy(TlsPolicy.OFF));

        assertThat(session.deliver(envelope("bob@acme.com"), content(MESSAGE)).allDelivered()).isTrue();
        assertThat(server.received()).singleElement().extracting(ReceivedMail::overTls).isEqualTo(false);
        assertThat(server.tlsConnections()).isZero();
    }

    @Test
    void aProbeShouldNegotiateTheTlsTheRouteRequires() throws Exception {
        server.offerStartTls();

        transport.probe(route().withTlsPolicy(TlsPolicy.REQUIRED));

        assertThat(server.connections()).isEqualTo(1);
        assertThat(server.tlsConnections()).isEqualTo(1);
    }

    @Test
    void aProbeShouldFailWhenTheRouteRequiresTlsAndTheServerDoesNotOfferIt() {
        assertThatThrownBy(() -> transport.probe(route().withTlsPolicy(TlsPolicy.REQUIRED)))
            .isInstanceOf(RouteUnavailableException.class)
            .hasMessageContaining("STARTTLS");
    }

    // --- VERIFY: the certificate is checked

    private DownstreamRoute verifiedRoute(String host) {
        return routeTo(new DownstreamTarget(host, server.port(), 10))
            .verifiedWith(TrustedCertificates.parse(DownstreamServer.certificatePem()));
    }

    @Test
    void verifyShouldDeliverOverTlsToAServerWhoseCertificateIsTrustedAndNamesTheTarget() throws Exception {
        server.offerStartTls();
        session = transport.open(verifiedRoute(server.host()));

        assertThat(session.deliver(envelope("bob@acme.com"), content(MESSAGE)).allDelivered()).isTrue();
        assertThat(server.received()).singleElement().extracting(ReceivedMail::overTls).isEqualTo(true);
    }

    @Test
    void verifyShouldMakeAServerWithACertificateOfAnUntrustedAuthorityUnavailable() {
        server.offerStartTls();
        DownstreamRoute trustingTheJvmOnly = route().withTlsPolicy(TlsPolicy.VERIFY);

        assertThatThrownBy(() -> transport.open(trustingTheJvmOnly))
            .isInstanceOf(RouteUnavailableException.class)
            .hasMessageContaining("failed TLS verification (trusting the JVM's certificate authorities)")
            .hasMessageContaining("PKIX");
        assertThatThrownBy(() -> transport.probe(trustingTheJvmOnly))
            .isInstanceOf(RouteUnavailableException.class);
        assertThat(server.received()).isEmpty();
    }

    @Test
    void verifyShouldMakeAServerWhoseCertificateDoesNotNameTheTargetUnavailable() {
        server.offerStartTls();

        // the certificate names downstream.test and 127.0.0.1, not localhost
        assertThatThrownBy(() -> transport.open(verifiedRoute("localhost")))
            .isInstanceOf(RouteUnavailableException.class)
            .hasMessageContaining("localhost:" + server.port() + " failed TLS verification (trusting the route's certificates")
            .hasMessageContaining("localhost");
        assertThat(server.received()).isEmpty();
    }

    @Test
    void verifyShouldMakeAServerWithoutStartTlsUnavailable() {
        assertThatThrownBy(() -> transport.open(verifiedRoute(server.host())))
            .isInstanceOf(RouteUnavailableException.class)
            .hasMessageContaining("does not offer STARTTLS");
    }

    @Test
    void verifyShouldPassOverATargetThatFailsVerificationForTheNextOne() throws Exception {
        server.offerStartTls();
        secondary.offerStartTls();
        DownstreamRoute route = routeTo(new DownstreamTarget("localhost", server.port(), 10), target(secondary, 20))
            .verifiedWith(TrustedCertificates.parse(DownstreamServer.certificatePem()));

        session = transport.open(route);

        assertThat(session.remoteMta()).isEqualTo(secondary.host() + ":" + secondary.port());
        assertThat(session.deliver(envelope("bob@acme.com"), content(MESSAGE)).allDelivered()).isTrue();
        assertThat(server.received()).isEmpty();
        assertThat(secondary.received()).singleElement().extracting(ReceivedMail::overTls).isEqualTo(true);
    }

    // --- SMTP AUTH

    @Test
    void aRouteWithCredentialsShouldAuthenticateAndDeliverAsThatUser() throws Exception {
        server.requireAuth("gateway", "s3cret-Pa55");
        session = transport.open(withCredentials(route(), "gateway", "s3cret-Pa55"));

        DeliveryResult result = session.deliver(envelope("bob@acme.com"), content(MESSAGE));

        assertThat(result.allDelivered()).isTrue();
        assertThat(server.received()).singleElement().satisfies(mail -> {
            assertThat(mail.authenticatedUser()).contains("gateway");
            assertThat(mail.overTls()).isFalse();
        });
    }

    @Test
    void aWrongPasswordShouldMakeTheRouteUnavailableNamingTheRefusal() {
        server.requireAuth("gateway", "s3cret-Pa55");
        DownstreamRoute route = withCredentials(route(), "gateway", "wrong password");

        assertThatThrownBy(() -> transport.open(route))
            .isInstanceOf(RouteUnavailableException.class)
            .hasMessageContaining("127.0.0.1:" + server.port())
            .hasMessageContaining("refused authentication")
            .hasMessageContaining("535 5.7.8");
        assertThat(server.received()).isEmpty();
    }

    @Test
    void anUnknownUserShouldMakeTheRouteUnavailable() {
        server.requireAuth("gateway", "s3cret-Pa55");
        DownstreamRoute route = withCredentials(route(), "somebody-else", "s3cret-Pa55");

        assertThatThrownBy(() -> transport.open(route))
            .isInstanceOf(RouteUnavailableException.class)
            .hasMessageContaining("535");
    }

    @Test
    void aServerRequiringAuthenticationShouldMakeARouteWithoutCredentialsUnavailableNotRefuseTheMail() throws Exception {
        server.requireAuth("gateway", "s3cret-Pa55");
        session = transport.open(route());

        assertThatThrownBy(() -> session.deliver(envelope("bob@acme.com", "carol@acme.com"), content(MESSAGE)))
            .isInstanceOf(RouteUnavailableException.class)
            .hasMessageContaining("127.0.0.1:" + server.port())
            .hasMessageContaining("530 5.7.0 Authentication required");
        assertThat(session.isUsable()).isFalse();
        assertThat(server.received()).isEmpty();
    }

    @Test
    void credentialsShouldBeSentAfterStartTlsToAServerThatOnlyAcceptsThemOverTls() throws Exception {
        server.offerStartTls().requireAuth("gateway", "s3cret-Pa55");
        session = transport.open(withCredentials(route().withTlsPolicy(TlsPolicy.OPPORTUNISTIC), "gateway", "s3cret-Pa55"));

        DeliveryResult result = session.deliver(envelope("bob@acme.com"), content(MESSAGE));

        assertThat(result.allDelivered()).isTrue();
        assertThat(server.received()).singleElement().satisfies(mail -> {
            assertThat(mail.overTls()).isTrue();
            assertThat(mail.authenticatedUser()).contains("gateway");
        });
    }

    @Test
    void credentialsWithTlsOffShouldBeRefusedByAServerThatOnlyAcceptsThemOverTls() {
        server.offerStartTls().requireAuth("gateway", "s3cret-Pa55");
        DownstreamRoute route = withCredentials(route().withTlsPolicy(TlsPolicy.OFF), "gateway", "s3cret-Pa55");

        assertThatThrownBy(() -> transport.open(route))
            .isInstanceOf(RouteUnavailableException.class)
            .hasMessageContaining("refused authentication")
            .hasMessageContaining("538");
    }

    @Test
    void probeShouldSucceedOnAServerReadyForMail() throws Exception {
        transport.probe(route());

        assertThat(server.connections()).isEqualTo(1);
        assertThat(server.received()).isEmpty();
    }

    @Test
    void probeShouldFailOnAServerThatIsDown() {
        server.stop();

        assertThatThrownBy(() -> transport.probe(route())).isInstanceOf(RouteUnavailableException.class);
    }

    // --- per-recipient outcomes

    @Test
    void eachRecipientShouldGetItsOwnOutcome() throws Exception {
        server.replyToRecipient("busy@acme.com", "451 4.2.1 Mailbox busy, try again later");
        server.replyToRecipient("nobody@acme.com", "550 5.1.1 <nobody@acme.com>: Recipient address rejected");
        session = transport.open(route());

        DeliveryResult result = session.deliver(envelope("busy@acme.com", "nobody@acme.com", "bob@acme.com"), content(MESSAGE));

        RecipientOutcome busy = result.outcomeOf(address("busy@acme.com")).orElseThrow();
        assertThat(busy.kind()).isEqualTo(Kind.TEMPORARY_FAILURE);
        assertThat(busy.reply().orElseThrow().code()).isEqualTo(451);
        assertThat(busy.reply().orElseThrow().enhancedStatus()).contains("4.2.1");
        RecipientOutcome nobody = result.outcomeOf(address("nobody@acme.com")).orElseThrow();
        assertThat(nobody.kind()).isEqualTo(Kind.PERMANENT_FAILURE);
        assertThat(nobody.reply().orElseThrow().asText()).isEqualTo("550 5.1.1 <nobody@acme.com>: Recipient address rejected");
        RecipientOutcome bob = result.outcomeOf(address("bob@acme.com")).orElseThrow();
        assertThat(bob.kind()).isEqualTo(Kind.DELIVERED);
        assertThat(result.outcomes()).hasSize(3);
        assertThat(result.allDelivered()).isFalse();
        assertThat(server.received()).singleElement().extracting(ReceivedMail::recipients).isEqualTo(List.of("bob@acme.com"));
    }

    @Test
    void whenEveryRecipientIsRefusedNoMessageShouldBeSent() throws Exception {
        server.replyToRecipient("busy@acme.com", "452 4.2.2 Mailbox full");
        server.replyToRecipient("nobody@acme.com", "550 5.1.1 No such user");
        session = transport.open(route());

        DeliveryResult result = session.deliver(envelope("busy@acme.com", "nobody@acme.com"), content(MESSAGE));

        assertThat(result.withKind(Kind.TEMPORARY_FAILURE)).extracting(RecipientOutcome::recipient).containsExactly(address("busy@acme.com"));
        assertThat(result.withKind(Kind.PERMANENT_FAILURE)).extracting(RecipientOutcome::recipient).containsExactly(address("nobody@acme.com"));
        assertThat(server.received()).isEmpty();
        assertThat(session.isUsable()).isTrue();
        assertThat(session.deliver(envelope("bob@acme.com"), content(MESSAGE)).allDelivered()).isTrue();
    }

    @Test
    void aRefusedMessageShouldFailEveryAcceptedRecipientPermanently() throws Exception {
        server.replyToData("554 5.7.1 Message rejected by content filter");
        server.replyToRecipient("busy@acme.com", "451 4.2.1 Mailbox busy");
        session = transport.open(route());

        DeliveryResult result = session.deliver(envelope("bob@acme.com", "carol@acme.com", "busy@acme.com"), content(MESSAGE));

        assertThat(result.withKind(Kind.PERMANENT_FAILURE))
            .extracting(RecipientOutcome::recipient)
            .containsExactlyInAnyOrder(address("bob@acme.com"), address("carol@acme.com"));
        assertThat(result.withKind(Kind.PERMANENT_FAILURE))
            .allSatisfy(outcome -> assertThat(outcome.reply().orElseThrow().asText()).isEqualTo("554 5.7.1 Message rejected by content filter"));
        assertThat(result.outcomeOf(address("busy@acme.com")).orElseThrow().kind()).isEqualTo(Kind.TEMPORARY_FAILURE);
        assertThat(server.received()).isEmpty();
    }

    @Test
    void aTemporarilyRefusedMessageShouldFailEveryAcceptedRecipientTemporarily() throws Exception {
        server.replyToData("452 4.3.1 Insufficient system storage");
        session = transport.open(route());

        DeliveryResult result = session.deliver(envelope("bob@acme.com", "carol@acme.com"), content(MESSAGE));

        assertThat(result.outcomes()).extracting(RecipientOutcome::kind).containsOnly(Kind.TEMPORARY_FAILURE);
        assertThat(session.isUsable()).isTrue();
    }

    @Test
    void aServiceNotAvailableReplyDuringTheTransactionShouldMakeTheRouteUnavailable() throws Exception {
        server.replyToRecipient("bob@acme.com", "421 4.3.2 Shutting down");
        session = transport.open(route());

        assertThatThrownBy(() -> session.deliver(envelope("bob@acme.com"), content(MESSAGE)))
            .isInstanceOf(RouteUnavailableException.class)
            .hasMessageContaining("421");
        assertThat(session.isUsable()).isFalse();
    }

    @Test
    void aServerStoppedDuringTheSessionShouldMakeTheRouteUnavailable() throws Exception {
        session = transport.open(route());
        server.stop();

        assertThatThrownBy(() -> session.deliver(envelope("bob@acme.com"), content(MESSAGE)))
            .isInstanceOf(RouteUnavailableException.class);
        assertThat(session.isUsable()).isFalse();
        assertThatThrownBy(() -> session.deliver(envelope("bob@acme.com"), content(MESSAGE)))
            .isInstanceOf(RouteUnavailableException.class);
    }

    @Test
    void aClosedSessionShouldRefuseToDeliver() throws Exception {
        session = transport.open(route());

        session.close();

        assertThat(session.isUsable()).isFalse();
        assertThatThrownBy(() -> session.deliver(envelope("bob@acme.com"), content(MESSAGE)))
            .isInstanceOf(RouteUnavailableException.class);
        assertThat(server.received()).isEmpty();
    }

    // --- RFC 3461 parameters

    @Test
    void dsnParametersShouldBePassedOnToAServerOfferingDsn() throws Exception {
        Envelope envelope = new Envelope(MaybeSender.of(address("alice@sender.example")),
            List.of(
                new EnvelopeRecipient(address("bob@acme.com"), Optional.of(EnumSet.of(Notify.FAILURE, Notify.DELAY)),
                    Optional.of("rfc822;bob+tag@acme.com")),
                new EnvelopeRecipient(address("carol@acme.com"), Optional.of(EnumSet.of(Notify.NEVER)), Optional.empty()),
                EnvelopeRecipient.of(address("dave@acme.com"))),
            Optional.of(Ret.HDRS), Optional.of("QQ314159+x=1"));
        session = transport.open(route());

        session.deliver(envelope, content(MESSAGE));

        ReceivedMail mail = server.received().get(0);
        assertThat(mail.mailParameters()).contains("RET=HDRS", "ENVID=QQ314159+2Bx+3D1");
        assertThat(mail.recipientLines()).containsExactly(
            "RCPT TO:<bob@acme.com> NOTIFY=DELAY,FAILURE ORCPT=rfc822;bob+2Btag@acme.com",
            "RCPT TO:<carol@acme.com> NOTIFY=NEVER",
            "RCPT TO:<dave@acme.com>");
    }

    @Test
    void retFullShouldBePassedOn() throws Exception {
        Envelope envelope = new Envelope(MaybeSender.of(address("alice@sender.example")),
            List.of(EnvelopeRecipient.of(address("bob@acme.com"))), Optional.of(Ret.FULL), Optional.empty());
        session = transport.open(route());

        session.deliver(envelope, content(MESSAGE));

        assertThat(server.received().get(0).mailParameters()).contains("RET=FULL").noneMatch(parameter -> parameter.startsWith("ENVID="));
    }

    @Test
    void noDsnParameterShouldBeSentWhenTheEnvelopeHasNone() throws Exception {
        session = transport.open(route());

        session.deliver(envelope("bob@acme.com"), content(MESSAGE));

        ReceivedMail mail = server.received().get(0);
        assertThat(mail.mailParameters()).noneMatch(parameter -> parameter.startsWith("RET=") || parameter.startsWith("ENVID="));
        assertThat(mail.recipientLines()).containsExactly("RCPT TO:<bob@acme.com>");
    }
}
