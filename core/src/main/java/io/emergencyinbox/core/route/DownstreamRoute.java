package io.emergencyinbox.core.route;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import com.google.common.base.MoreObjects;
import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableList;

/**
 * Where an organisation's mail goes: its own SMTP servers, tried in priority order, with the TLS
 * policy (and, for {@link TlsPolicy#VERIFY}, the authorities it trusts), timeouts and optional credentials.
 */
public final class DownstreamRoute {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(60);

    public static DownstreamRoute to(DownstreamTarget... targets) {
        return new DownstreamRoute(List.of(targets), TlsPolicy.OPPORTUNISTIC,
            DEFAULT_CONNECT_TIMEOUT, DEFAULT_COMMAND_TIMEOUT, Optional.empty(), Optional.empty());
    }

    private final ImmutableList<DownstreamTarget> targets;
    private final TlsPolicy tlsPolicy;
    private final Duration connectTimeout;
    private final Duration commandTimeout;
    private final Optional<SmtpCredentials> credentials;
    private final Optional<TrustedCertificates> trustedCertificates;

    public DownstreamRoute(List<DownstreamTarget> targets, TlsPolicy tlsPolicy, Duration connectTimeout,
                           Duration commandTimeout, Optional<SmtpCredentials> credentials) {
        this(targets, tlsPolicy, connectTimeout, commandTimeout, credentials, Optional.empty());
    }

    /** @param trustedCertificates only with {@link TlsPolicy#VERIFY}; empty trusts the JVM's authorities */
    public DownstreamRoute(List<DownstreamTarget> targets, TlsPolicy tlsPolicy, Duration connectTimeout,
                           Duration commandTimeout, Optional<SmtpCredentials> credentials,
                           Optional<TrustedCertificates> trustedCertificates) {
        Preconditions.checkArgument(targets != null && !targets.isEmpty(), "a route needs at least one target");
        Preconditions.checkArgument(trustedCertificates.isEmpty() || tlsPolicy == TlsPolicy.VERIFY,
            "trusted certificates are only used by the VERIFY TLS policy, not by %s", tlsPolicy);
        Preconditions.checkArgument(!connectTimeout.isNegative() && !connectTimeout.isZero(), "connectTimeout must be positive");
        Preconditions.checkArgument(!commandTimeout.isNegative() && !commandTimeout.isZero(), "commandTimeout must be positive");
        this.targets = targets.stream()
            .sorted(Comparator.comparingInt(DownstreamTarget::priority))
            .collect(ImmutableList.toImmutableList());
        this.tlsPolicy = Objects.requireNonNull(tlsPolicy);
        this.connectTimeout = connectTimeout;
        this.commandTimeout = commandTimeout;
        this.credentials = Objects.requireNonNull(credentials);
        this.trustedCertificates = trustedCertificates;
    }

    /** Targets in the order they are tried: lowest priority value first. */
    public ImmutableList<DownstreamTarget> targets() {
        return targets;
    }

    public TlsPolicy tlsPolicy() {
        return tlsPolicy;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration commandTimeout() {
        return commandTimeout;
    }

    public Optional<SmtpCredentials> credentials() {
        return credentials;
    }

    /** The authorities a {@link TlsPolicy#VERIFY} route trusts; empty: the JVM's. */
    public Optional<TrustedCertificates> trustedCertificates() {
        return trustedCertificates;
    }

    public DownstreamRoute withTimeouts(Duration connect, Duration command) {
        return new DownstreamRoute(targets, tlsPolicy, connect, command, credentials, trustedCertificates);
    }

    /** The same route with another TLS policy; trusted certificates are kept only when it is {@link TlsPolicy#VERIFY}. */
    public DownstreamRoute withTlsPolicy(TlsPolicy policy) {
        return new DownstreamRoute(targets, policy, connectTimeout, commandTimeout, credentials,
            policy == TlsPolicy.VERIFY ? trustedCertificates : Optional.empty());
    }

    /** The same route, verifying TLS against these authorities. */
    public DownstreamRoute verifiedWith(TrustedCertificates trusted) {
        return new DownstreamRoute(targets, TlsPolicy.VERIFY, connectTimeout, commandTimeout, credentials, Optional.of(trusted));
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DownstreamRoute)) {
            return false;
        }
        DownstreamRoute that = (DownstreamRoute) o;
        return targets.equals(that.targets) && tlsPolicy == that.tlsPolicy && connectTimeout.equals(that.connectTimeout)
            && commandTimeout.equals(that.commandTimeout) && credentials.equals(that.credentials)
            && trustedCertificates.equals(that.trustedCertificates);
    }

    @Override
    public int hashCode() {
        return Objects.hash(targets, tlsPolicy, connectTimeout, commandTimeout, credentials, trustedCertificates);
    }

    @Override
    public String toString() {
        return MoreObjects.toStringHelper(this)
            .add("targets", targets).add("tls", tlsPolicy)
            .add("connectTimeout", connectTimeout).add("commandTimeout", commandTimeout)
            .add("credentials", credentials.map(c -> c.username()).orElse("none"))
            .add("trustedCertificates", trustedCertificates.map(Object::toString).orElse("JVM"))
            .toString();
    }
}
