package io.emergencyinbox.core.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyManagementException;
import java.security.KeyStoreException;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import org.apache.james.core.MailAddress;

import com.google.common.collect.ImmutableList;

import io.emergencyinbox.core.message.ContentSource;
import io.emergencyinbox.core.message.Envelope;
import io.emergencyinbox.core.message.EnvelopeRecipient;
import io.emergencyinbox.core.message.Notify;
import io.emergencyinbox.core.message.XText;
import io.emergencyinbox.core.route.DownstreamRoute;
import io.emergencyinbox.core.route.DownstreamTarget;
import io.emergencyinbox.core.route.TlsPolicy;
import io.emergencyinbox.core.route.TrustedCertificates;
import io.emergencyinbox.core.smtp.SmtpClient;
import io.emergencyinbox.core.smtp.SmtpReply;

/**
 * Delivers to downstream routes with {@link SmtpClient}. STARTTLS follows the route's policy: like
 * Postfix's {@code may} and {@code encrypt} levels, {@code OPPORTUNISTIC} and {@code REQUIRED} do not check
 * certificates (customer servers commonly use internal ones); like its {@code verify} level, {@code VERIFY}
 * checks the chain against the route's trusted certificates (or the JVM's authorities) and the target's
 * host name. RFC 3461 parameters are passed on when the server offers DSN.
 */
public class SmtpDownstreamTransport implements DownstreamTransport {
    private final String heloName;
    private final SSLSocketFactory unverifiedTls;
    private final Map<Optional<TrustedCertificates>, SSLSocketFactory> verifyingTls = new ConcurrentHashMap<>();

    public SmtpDownstreamTransport(String heloName) {
        this.heloName = heloName;
        this.unverifiedTls = tlsSocketFactory(new TrustManager[] {new AcceptAnyCertificate()});
    }

    @Override
    public DownstreamSession open(DownstreamRoute route) throws RouteUnavailableException {
        List<String> failures = new ArrayList<>();
        for (DownstreamTarget target : route.targets()) {
            try {
                return new SmtpDownstreamSession(connect(route, target), target.asHostAndPort());
            } catch (RouteUnavailableException e) {
                failures.add(e.getMessage());
            }
        }
        throw new RouteUnavailableException(String.join("; ", failures));
    }

    @Override
    public void probe(DownstreamRoute route) throws RouteUnavailableException {
        open(route).close();
    }

    private SmtpClient connect(DownstreamRoute route, DownstreamTarget target) throws RouteUnavailableException {
        String where = target.asHostAndPort();
        SmtpClient client;
        try {
            client = SmtpClient.connect(target.host(), target.port(), route.connectTimeout(), route.commandTimeout());
        } catch (IOException e) {
            throw new RouteUnavailableException("connect to " + where + ": " + describe(e), e);
        }
        try {
            SmtpReply greeting = client.greeting();
            if (greeting.code() != 220) {
                throw new RouteUnavailableException(where + " greeted with " + greeting.asText());
            }
            SmtpReply ehlo = client.ehlo(heloName);
            if (!ehlo.isPositiveCompletion()) {
                SmtpReply helo = client.helo(heloName);
                if (!helo.isPositiveCompletion()) {
                    throw new RouteUnavailableException(where + " refused EHLO and HELO: " + helo.asText());
                }
            }
            negotiateTls(route, client, where);
            if (route.credentials().isPresent()) {
                SmtpReply auth = client.authPlain(route.credentials().get().username(), route.credentials().get().password());
                if (!auth.isPositiveCompletion()) {
                    throw new RouteUnavailableException(where + " refused authentication: " + auth.asText());
                }
            }
            return client;
        } catch (IOException e) {
            client.close();
            throw new RouteUnavailableException(where + ": " + describe(e), e);
        } catch (RouteUnavailableException e) {
            client.quit();
            throw e;
        }
    }

    private void negotiateTls(DownstreamRoute route, SmtpClient client, String where) throws IOException, RouteUnavailableException {
        TlsPolicy policy = route.tlsPolicy();
        if (policy == TlsPolicy.OFF) {
            return;
        }
        if (!client.supports("STARTTLS")) {
            if (policy.requiresTls()) {
                throw new RouteUnavailableException(where + " does not offer STARTTLS, which the route requires");
            }
            return;
        }
        SmtpReply reply;
        if (policy == TlsPolicy.VERIFY) {
            try {
                reply = client.startTls(verifyingTls.computeIfAbsent(route.trustedCertificates(), this::verifyingTlsSocketFactory), true);
            } catch (SSLException e) {
                client.close();
                throw new RouteUnavailableException(where + " failed TLS verification (" + trustedBy(route) + "): " + describe(e), e);
            }
        } else {
            reply = client.startTls(unverifiedTls);
        }
        if (reply.code() != 220) {
            if (policy.requiresTls()) {
                throw new RouteUnavailableException(where + " refused STARTTLS: " + reply.asText());
            }
            return;
        }
        SmtpReply ehlo = client.ehlo(heloName);
        if (!ehlo.isPositiveCompletion()) {
            throw new RouteUnavailableException(where + " refused EHLO after STARTTLS: " + ehlo.asText());
        }
    }

    private static String trustedBy(DownstreamRoute route) {
        return route.trustedCertificates().map(trusted -> "trusting the route's certificates " + trusted)
            .orElse("trusting the JVM's certificate authorities");
    }

    private SSLSocketFactory verifyingTlsSocketFactory(Optional<TrustedCertificates> trusted) {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trusted.map(TrustedCertificates::asKeyStore).orElse(null));
            return tlsSocketFactory(factory.getTrustManagers());
        } catch (NoSuchAlgorithmException | KeyStoreException e) {
            throw new IllegalStateException("certificate verification is not available in this JVM", e);
        }
    }

    static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : " " + message);
    }

    private static SSLSocketFactory tlsSocketFactory(TrustManager[] trustManagers) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustManagers, null);
            return context.getSocketFactory();
        } catch (NoSuchAlgorithmException | KeyManagementException e) {
            throw new IllegalStateException("TLS is not available in this JVM", e);
        }
    }

    private static final class AcceptAnyCertificate implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    private static final class SmtpDownstreamSession implements DownstreamSession {
        private final SmtpClient client;
        private final String remoteMta;
        private boolean usable = true;

        private SmtpDownstreamSession(SmtpClient client, String remoteMta) {
            this.client = client;
            this.remoteMta = remoteMta;
        }

        @Override
        public DeliveryResult deliver(Envelope envelope, ContentSource content) throws RouteUnavailableException {
            if (!usable) {
                throw new RouteUnavailableException("session to " + remoteMta + " is closed");
            }
            try {
                return transaction(envelope, content);
            } catch (IOException e) {
                usable = false;
                client.close();
                throw new RouteUnavailableException(remoteMta + ": " + describe(e), e);
            }
        }

        private DeliveryResult transaction(Envelope envelope, ContentSource content) throws IOException, RouteUnavailableException {
            boolean dsn = client.supports("DSN");
            SmtpReply mailFrom = client.mailFrom(envelope.sender().asString(""), mailParameters(envelope, content, dsn));
            checkServiceAvailable(mailFrom);
            checkAccessGranted(mailFrom);
            if (!mailFrom.isPositiveCompletion()) {
                client.rset();
                return allWith(envelope.recipients(), mailFrom);
            }
            List<RecipientOutcome> outcomes = new ArrayList<>();
            List<MailAddress> accepted = new ArrayList<>();
            for (EnvelopeRecipient recipient : envelope.recipients()) {
                SmtpReply rcpt = client.rcptTo(recipient.address().asString(), recipientParameters(recipient, dsn));
                checkServiceAvailable(rcpt);
                if (rcpt.isPositiveCompletion()) {
                    accepted.add(recipient.address());
                } else {
                    outcomes.add(RecipientOutcome.of(recipient.address(), rcpt, remoteMta));
                }
            }
            if (accepted.isEmpty()) {
                client.rset();
                return new DeliveryResult(outcomes);
            }
            SmtpReply data;
            try (InputStream stream = content.open()) {
                data = client.data(stream);
            }
            checkServiceAvailable(data);
            if (!data.isPositiveCompletion() && !data.isPositiveIntermediate()) {
                client.rset();
            }
            for (MailAddress address : accepted) {
                outcomes.add(RecipientOutcome.of(address, data, remoteMta));
            }
            return new DeliveryResult(outcomes);
        }

        private void checkServiceAvailable(SmtpReply reply) throws RouteUnavailableException {
            if (reply.code() == 421) {
                usable = false;
                client.close();
                throw new RouteUnavailableException(remoteMta + " is closing the session: " + reply.asText());
            }
        }

        /**
         * 530 (RFC 4954 §6): the server wants authentication, or TLS, that this route does not give it. Every
         * message would get the same answer, so it is evidence about the route, not a reason to return mail.
         */
        private void checkAccessGranted(SmtpReply reply) throws RouteUnavailableException {
            if (reply.code() == 530) {
                usable = false;
                client.quit();
                throw new RouteUnavailableException(remoteMta + " refused to take mail from the gateway (check the route's"
                    + " credentials and TLS policy): " + reply.asText());
            }
        }

        private DeliveryResult allWith(List<EnvelopeRecipient> recipients, SmtpReply reply) {
            return new DeliveryResult(recipients.stream()
                .map(recipient -> RecipientOutcome.of(recipient.address(), reply, remoteMta))
                .collect(ImmutableList.toImmutableList()));
        }

        private List<String> mailParameters(Envelope envelope, ContentSource content, boolean dsn) {
            List<String> parameters = new ArrayList<>();
            if (client.supports("SIZE")) {
                parameters.add("SIZE=" + content.size());
            }
            if (client.supports("8BITMIME")) {
                parameters.add("BODY=8BITMIME");
            }
            if (dsn) {
                envelope.ret().ifPresent(ret -> parameters.add("RET=" + ret.name()));
                envelope.envelopeId().ifPresent(id -> parameters.add("ENVID=" + XText.encode(id)));
            }
            return parameters;
        }

        private List<String> recipientParameters(EnvelopeRecipient recipient, boolean dsn) {
            if (!dsn) {
                return List.of();
            }
            List<String> parameters = new ArrayList<>();
            recipient.notifyOn().ifPresent(values -> parameters.add("NOTIFY=" + notifyValue(values)));
            recipient.originalRecipient().ifPresent(orcpt -> parameters.add("ORCPT=" + encodeOriginalRecipient(orcpt)));
            return parameters;
        }

        /** ORCPT is kept decoded ({@code rfc822;bob@example.com}); on the wire its address part is xtext. */
        private static String encodeOriginalRecipient(String orcpt) {
            int separator = orcpt.indexOf(';');
            if (separator < 0) {
                return "rfc822;" + XText.encode(orcpt);
            }
            return orcpt.substring(0, separator) + ";" + XText.encode(orcpt.substring(separator + 1));
        }

        private static String notifyValue(Set<Notify> values) {
            return values.stream().map(Notify::name).sorted().collect(Collectors.joining(","));
        }

        @Override
        public boolean isUsable() {
            return usable && !client.isClosed();
        }

        @Override
        public String remoteMta() {
            return remoteMta;
        }

        @Override
        public void close() {
            usable = false;
            client.quit();
        }
    }
}
