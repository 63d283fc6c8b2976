package io.emergencyinbox.webadmin.dto;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.emergencyinbox.core.route.DownstreamTarget;

/** One server of a route: {@code {"host":"mx1.acme.test","port":25,"priority":10}} (priority defaults to 0). */
public final class TargetDto {
    public final String host;
    public final int port;
    public final int priority;

    @JsonCreator
    public TargetDto(@JsonProperty(value = "host", required = true) String host,
                     @JsonProperty(value = "port", required = true) int port,
                     @JsonProperty("priority") Integer priority) {
        this.host = host;
        this.port = port;
        this.priority = priority == null ? 0 : priority;
    }

    public static TargetDto of(DownstreamTarget target) {
        return new TargetDto(target.host(), target.port(), target.priority());
    }

    public DownstreamTarget toTarget() {
        return new DownstreamTarget(host, port, priority);
    }
}
