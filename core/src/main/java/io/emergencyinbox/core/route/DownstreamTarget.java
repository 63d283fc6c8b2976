package io.emergencyinbox.core.route;

import java.util.Objects;

import com.google.common.base.Preconditions;

/** One SMTP server of a downstream route. Lower priority values are tried first, as with MX records. */
public final class DownstreamTarget {
    private final String host;
    private final int port;
    private final int priority;

    public DownstreamTarget(String host, int port, int priority) {
        Preconditions.checkArgument(host != null && !host.isBlank() && !host.contains(" "),
            "host must be a host name or an IP address, got '%s'", host);
        Preconditions.checkArgument(port > 0 && port < 65536, "port must be between 1 and 65535, got %s", port);
        Preconditions.checkArgument(priority >= 0, "priority must not be negative, got %s", priority);
        this.host = host;
        this.port = port;
        this.priority = priority;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public int priority() {
        return priority;
    }

    public String asHostAndPort() {
        return host + ":" + port;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DownstreamTarget)) {
            return false;
        }
        DownstreamTarget that = (DownstreamTarget) o;
        return port == that.port && priority == that.priority && host.equals(that.host);
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, port, priority);
    }

    @Override
    public String toString() {
        return asHostAndPort() + " (priority " + priority + ")";
    }
}
