package io.emergencyinbox.cassandra;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;

import io.emergencyinbox.core.config.StrictProperties;

/**
 * How to open our own driver session, for a gateway whose James has none (the memory-based assembly): the
 * contact points, the local datacenter and optional credentials.
 */
public final class SessionSettings {
    public static final String NODES = "cassandra.nodes";
    public static final String LOCAL_DATACENTER = "cassandra.local.datacenter";
    public static final String USERNAME = "cassandra.username";
    public static final String PASSWORD = "cassandra.password";
    public static final String REQUEST_TIMEOUT = "cassandra.request.timeout";
    private static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    /** Reads the keys above; {@value #NODES} defaults to {@code 127.0.0.1:9042}. */
    public static SessionSettings parse(StrictProperties properties) {
        List<InetSocketAddress> nodes = properties.parse(NODES, SessionSettings::nodes)
            .orElse(List.of(InetSocketAddress.createUnresolved("127.0.0.1", 9042)));
        String localDatacenter = properties.string(LOCAL_DATACENTER, "datacenter1");
        Optional<String> username = properties.optionalString(USERNAME);
        Optional<String> password = properties.optionalString(PASSWORD);
        properties.check(username.isPresent() == password.isPresent(), username.isPresent() ? PASSWORD : USERNAME,
            "must be given together with " + (username.isPresent() ? USERNAME : PASSWORD));
        Duration requestTimeout = properties.duration(REQUEST_TIMEOUT, DEFAULT_REQUEST_TIMEOUT);
        properties.check(requestTimeout.compareTo(Duration.ofMillis(100)) >= 0 && requestTimeout.compareTo(Duration.ofMinutes(5)) <= 0,
            REQUEST_TIMEOUT, "must be between 100ms and 5m, got " + requestTimeout);
        return new SessionSettings(nodes, localDatacenter, username, password, requestTimeout);
    }

    private static List<InetSocketAddress> nodes(String value) {
        List<InetSocketAddress> nodes = Stream.of(value.split(",")).map(String::trim).map(SessionSettings::node)
            .collect(Collectors.toList());
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("must list at least one host:port");
        }
        return nodes;
    }

    private static InetSocketAddress node(String hostAndPort) {
        int separator = hostAndPort.lastIndexOf(':');
        if (separator <= 0 || separator == hostAndPort.length() - 1) {
            throw new IllegalArgumentException("expected host:port, got '" + hostAndPort + "'");
        }
        int port;
        try {
            port = Integer.parseInt(hostAndPort.substring(separator + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + hostAndPort.substring(separator + 1) + "' is not a port number");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be between 1 and 65535, got " + port);
        }
        return InetSocketAddress.createUnresolved(hostAndPort.substring(0, separator), port);
    }

    private final List<InetSocketAddress> nodes;
    private final String localDatacenter;
    private final Optional<String> username;
    private final Optional<String> password;
    private final Duration requestTimeout;

    private SessionSettings(List<InetSocketAddress> nodes, String localDatacenter, Optional<String> username,
                            Optional<String> password, Duration requestTimeout) {
        this.nodes = nodes;
        this.localDatacenter = localDatacenter;
        this.username = username;
        this.password = password;
        this.requestTimeout = requestTimeout;
    }

    /** How long the driver waits for each request before failing it (the driver's own default is 2 s). */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    public List<InetSocketAddress> nodes() {
        return nodes;
    }

    public String localDatacenter() {
        return localDatacenter;
    }

    /** Opens a session; blocks until connected. */
    public CqlSession openSession() {
        CqlSessionBuilder builder = CqlSession.builder().withLocalDatacenter(localDatacenter)
            .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, requestTimeout)
                .build());
        nodes.forEach(node -> builder.addContactPoint(new InetSocketAddress(node.getHostString(), node.getPort())));
        username.ifPresent(user -> builder.withAuthCredentials(user, password.orElseThrow()));
        return builder.build();
    }
}
