package io.emergencyinbox.core.engine;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import javax.mail.internet.AddressException;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;

import io.emergencyinbox.core.config.ContinuityPolicy;
import io.emergencyinbox.core.delivery.SmtpDownstreamTransport;
import io.emergencyinbox.core.health.DownstreamState;
import io.emergencyinbox.core.health.Evidence;
import io.emergencyinbox.core.health.HealthTracker;
import io.emergencyinbox.core.health.MemoryDownstreamStateStore;
import io.emergencyinbox.core.inbox.MemoryRetentionLedger;
import io.emergencyinbox.core.message.ContentSource;
import io.emergencyinbox.core.message.Envelope;
import io.emergencyinbox.core.message.EnvelopeRecipient;
import io.emergencyinbox.core.notice.DsnNotifier;
import io.emergencyinbox.core.notice.DsnReportBuilder;
import io.emergencyinbox.core.notice.MemoryNoticeLedger;
import io.emergencyinbox.core.notice.NoticeSchedules;
import io.emergencyinbox.core.notice.NotifyRules;
import io.emergencyinbox.core.organisation.MemoryOrganisationStore;
import io.emergencyinbox.core.organisation.Organisation;
import io.emergencyinbox.core.organisation.OrganisationId;
import io.emergencyinbox.core.outage.MemoryOutageStore;
import io.emergencyinbox.core.outage.Outage;
import io.emergencyinbox.core.outage.OutageCounter;
import io.emergencyinbox.core.policy.MemoryOrganisationPolicyStore;
import io.emergencyinbox.core.route.DownstreamRoute;
import io.emergencyinbox.core.route.DownstreamTarget;
import io.emergencyinbox.core.routing.MemoryRoutedMailLedger;
import io.emergencyinbox.core.spool.MemorySpoolLeases;
import io.emergencyinbox.core.spool.MemorySpoolStore;
import io.emergencyinbox.core.spool.SpoolEntry;
import io.emergencyinbox.testing.DownstreamServer;
import io.emergencyinbox.testing.MutableClock;

/**
 * The continuity engine as a gateway wires it, over the real memory stores, the real SMTP transport
 * against {@link DownstreamServer}s and the real DSN notifier, with a clock tests move by hand. Only
 * the Emergency Inbox (which needs James) and the notices' outbound path are recording doubles.
 */
final class EngineHarness implements AutoCloseable {
    static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);
    static final String SENDER = "alice@sender.test";

    final ContinuityPolicy policy;
    final MutableClock clock = new MutableClock(START);
    final MemoryOrganisationStore organisations = new MemoryOrganisationStore();
    final MemoryDownstreamStateStore states = new MemoryDownstreamStateStore();
    final MemoryOutageStore outages = new MemoryOutageStore();
    final MemoryOrganisationPolicyStore organisationPolicies = new MemoryOrganisationPolicyStore();
    final MemorySpoolStore spool = new MemorySpoolStore();
    final FailableSpoolContentStore contents = new FailableSpoolContentStore();
    final MemoryRoutedMailLedger routedMails = new MemoryRoutedMailLedger(clock);
    final MemorySpoolLeases leases = new MemorySpoolLeases();
    final MemoryNoticeLedger noticeLedger = new MemoryNoticeLedger();
    final MemoryRetentionLedger retention = new MemoryRetentionLedger();
    final RecordingEmergencyInbox inbox = new RecordingEmergencyInbox();
    final RecordingNoticeTransport notices = new RecordingNoticeTransport();
    final RecordingMetrics metrics = new RecordingMetrics();
    final HealthTracker health;
    final NoticeSchedules schedules;
    final DsnNotifier notifier;
    final SmtpDownstreamTransport transport = new SmtpDownstreamTransport("gateway.test");
    final SpoolWriter spoolWriter;
    final SpoolDelivery delivery;
    final SpoolReturns returns;
    final InboundRouter router;
    final DrainScheduler drains;
    final HealthProber prober;
    final InboxJanitor janitor;
    final InboxRestorer restorer;
    final SpoolAdministration administration;
    final OrganisationDeletion deletion;
    private final List<DownstreamServer> servers = new ArrayList<>();

    /** With the default policy, but for the given {@code continuity.properties} values ({@code key, value, ...}). */
    static EngineHarness withPolicy(String... keysAndValues) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            values.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return new EngineHarness(ContinuityPolicy.parse(values));
    }

    private EngineHarness(ContinuityPolicy policy) {
        this.policy = policy;
        this.health = new HealthTracker(states, outages, policy.health(), clock);
        this.schedules = new NoticeSchedules(policy, organisationPolicies);
        this.notifier = new DsnNotifier(new DsnReportBuilder("gateway.test"), notices, new NotifyRules(true), clock);
        this.spoolWriter = new SpoolWriter(spool, contents, inbox, outages, schedules, metrics);
        this.delivery = new SpoolDelivery(spool, contents, inbox, retention, outages, notifier, noticeLedger, metrics, policy, clock);
        this.returns = new SpoolReturns(spool, contents, noticeLedger, notifier, inbox, outages, metrics);
        this.router = new InboundRouter(health, transport, spoolWriter, notifier, metrics, routedMails, policy, clock);
        this.drains = new DrainScheduler(organisations, health, spool, leases, transport, delivery, policy, clock);
        this.prober = new HealthProber(organisations, health, transport);
        this.janitor = new InboxJanitor(retention, inbox, policy, clock);
        this.restorer = new InboxRestorer(organisations, spool, contents, leases, inbox, policy, clock);
        this.administration = new SpoolAdministration(spool, leases, drains, health, returns, policy, clock);
        this.deletion = new OrganisationDeletion(organisations, spool, states, outages, organisationPolicies);
    }

    /** A new downstream server, stopped with the harness. */
    DownstreamServer downstream() {
        DownstreamServer server = DownstreamServer.start();
        servers.add(server);
        return server;
    }

    static DownstreamRoute routeTo(DownstreamServer server) {
        return DownstreamRoute.to(new DownstreamTarget(server.host(), server.port(), 10))
            .withTimeouts(CONNECT_TIMEOUT, COMMAND_TIMEOUT);
    }

    /** An organisation owning {@code <id>.test}, whose mail goes to that server. */
    Organisation organisation(String id, DownstreamServer server) {
        return organisation(id, Optional.of(routeTo(server)));
    }

    Organisation organisation(String id, Optional<DownstreamRoute> route) {
        Organisation organisation = Organisation.create(OrganisationId.of(id), id)
            .withDomains(Set.of(Domain.of(id + ".test")))
            .withRoute(route);
        organisations.create(organisation).block();
        return organisation;
    }

    /** Probe failures until the route is DOWN; returns the state with its open outage. */
    DownstreamState markDown(OrganisationId organisation) {
        DownstreamState state = null;
        for (int i = 0; i < policy.health().failuresBeforeDown(); i++) {
            state = health.recordFailure(organisation, Evidence.PROBE, "connect: Connection refused").block();
        }
        return state;
    }

    DownstreamState state(OrganisationId organisation) {
        return health.current(organisation).block();
    }

    Outage outage(DownstreamState state) {
        return outages.get(state.outage().orElseThrow()).block();
    }

    long counter(Outage outage, OutageCounter counter) {
        return outages.get(outage.id()).block().counters().get(counter);
    }

    /** Puts a message in the spool as the inbound flow does, arrived at that time. */
    SpoolEntry spooled(Organisation organisation, Instant arrival, String messageId, String... recipients) {
        ContentSource content = message(messageId);
        DownstreamState state = state(organisation.id());
        SpoolEntry entry = spoolWriter.newEntry(organisation.id(), envelope(recipients), arrival, content.size(), Optional.of(messageId))
            .map(builder -> builder.outage(state.isUp() ? Optional.empty() : state.outage()).build())
            .block();
        return spoolWriter.spool(entry, content).block();
    }

    SpoolEntry stored(SpoolEntry entry) {
        return spool.get(entry.id()).block();
    }

    static MailAddress address(String value) {
        try {
            return new MailAddress(value);
        } catch (AddressException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static Envelope envelope(String... recipients) {
        return new Envelope(MaybeSender.of(address(SENDER)),
            List.of(recipients).stream().map(recipient -> EnvelopeRecipient.of(address(recipient))).collect(Collectors.toList()),
            Optional.empty(), Optional.empty());
    }

    /** A small message whose Message-ID and Subject are {@code id}. */
    static ContentSource message(String id) {
        String text = "From: " + SENDER + "\r\nSubject: " + id + "\r\nMessage-ID: <" + id + "@sender.test>\r\n\r\nBody of " + id + "\r\n";
        return ContentSource.of(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The Message-IDs (the ids given to {@link #message}) of what the server accepted, in the order it accepted them. */
    static List<String> receivedIds(DownstreamServer server) {
        return server.received().stream()
            .map(mail -> mail.header("Message-ID"))
            .map(messageId -> messageId.substring(1, messageId.indexOf("@sender.test>")))
            .collect(Collectors.toList());
    }

    @Override
    public void close() {
        drains.shutdown();
        prober.shutdown();
        servers.forEach(DownstreamServer::stop);
    }
}
