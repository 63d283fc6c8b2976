package io.emergencyinbox.core.delivery;

import io.emergencyinbox.core.route.DownstreamRoute;

/** Opens sessions to a downstream route, trying its targets in priority order. */
public interface DownstreamTransport {

    DownstreamSession open(DownstreamRoute route) throws RouteUnavailableException;

    /** A health probe: connect, read the greeting, EHLO, QUIT. Returns normally when the route is fit. */
    void probe(DownstreamRoute route) throws RouteUnavailableException;
}
