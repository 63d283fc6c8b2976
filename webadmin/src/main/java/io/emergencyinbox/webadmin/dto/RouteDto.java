package io.emergencyinbox.webadmin.dto;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.collect.ImmutableList;

import io.emergencyinbox.core.config.DurationValue;
import io.emergencyinbox.core.route.DownstreamRoute;
import io.emergencyinbox.core.route.SmtpCredentials;
import io.emergencyinbox.core.route.TlsPolicy;
import io.emergencyinbox.core.route.TrustedCertificates;

/**
 * A downstream route, as written with {@code PUT /continuity/organisations/{id}/route} and read back:
 * <pre>{@code {"targets":[{"host":"mx1.acme.test","port":25,"priority":10}],"tls":"OPPORTUNISTIC",
 *  "connectTimeout":"10s","commandTimeout":"60s","credentials":{"username":"gw","password":"secret"}}}</pre>
 * With {@code "tls":"VERIFY"}, {@code "trustedCertificates"} may give the PEM certificates to trust instead of
 * the JVM's authorities.
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public final class RouteDto {
    private static final String POLICIES = Arrays.stream(TlsPolicy.values()).map(Enum::name).collect(Collectors.joining(", "));

    public final List<TargetDto> targets;
    public final String tls;
    public final String connectTimeout;
    public final String commandTimeout;
    public final Optional<CredentialsDto> credentials;
    public final Optional<String> trustedCertificates;

    @JsonCreator
    public RouteDto(@JsonProperty(value = "targets", required = true) List<TargetDto> targets,
                    @JsonProperty("tls") String tls,
                    @JsonProperty("connectTimeout") String connectTimeout,
                    @JsonProperty("commandTimeout") String commandTimeout,
                    @JsonProperty("credentials") Optional<CredentialsDto> credentials,
                    @JsonProperty("trustedCertificates") Optional<String> trustedCertificates) {
        this.targets = targets;
        this.tls = tls == null ? TlsPolicy.OPPORTUNISTIC.name() : tls;
        this.connectTimeout = connectTimeout == null ? DurationValue.format(DownstreamRoute.DEFAULT_CONNECT_TIMEOUT) : connectTimeout;
        this.commandTimeout = commandTimeout == null ? DurationValue.format(DownstreamRoute.DEFAULT_COMMAND_TIMEOUT) : commandTimeout;
        this.credentials = credentials == null ? Optional.empty() : credentials;
        this.trustedCertificates = trustedCertificates == null ? Optional.empty() : trustedCertificates;
    }

    public static RouteDto of(DownstreamRoute route) {
        return new RouteDto(route.targets().stream().map(TargetDto::of).collect(ImmutableList.toImmutableList()),
            route.tlsPolicy().name(),
            DurationValue.format(route.connectTimeout()),
            DurationValue.format(route.commandTimeout()),
            route.credentials().map(credentials -> new CredentialsDto(credentials.username(), Optional.empty())),
            route.trustedCertificates().map(TrustedCertificates::pem));
    }

    /** @throws IllegalArgumentException naming the invalid field */
    public DownstreamRoute toRoute() {
        if (targets == null || targets.isEmpty()) {
            throw new IllegalArgumentException("'targets' must list at least one server");
        }
        TlsPolicy tlsPolicy;
        try {
            tlsPolicy = TlsPolicy.valueOf(tls.toUpperCase(Locale.US));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'tls' must be one of " + POLICIES + "; got '" + tls + "'");
        }
        if (trustedCertificates.isPresent() && tlsPolicy != TlsPolicy.VERIFY) {
            throw new IllegalArgumentException("'trustedCertificates' is only used with \"tls\": \"VERIFY\"; got '" + tls + "'");
        }
        return new DownstreamRoute(
            targets.stream().map(TargetDto::toTarget).collect(ImmutableList.toImmutableList()),
            tlsPolicy,
            duration("connectTimeout", connectTimeout),
            duration("commandTimeout", commandTimeout),
            credentials.map(dto -> new SmtpCredentials(dto.username,
                dto.password.orElseThrow(() -> new IllegalArgumentException("'credentials.password' is required")))),
            trustedCertificates.map(RouteDto::trusted));
    }

    private static TrustedCertificates trusted(String pem) {
        try {
            return TrustedCertificates.parse(pem);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'trustedCertificates': " + e.getMessage());
        }
    }

    private static Duration duration(String field, String value) {
        try {
            Duration duration = DurationValue.parse(value);
            if (duration.isZero()) {
                throw new IllegalArgumentException("must be longer than 0");
            }
            return duration;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + field + "': " + e.getMessage());
        }
    }
}
