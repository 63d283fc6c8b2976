package io.emergencyinbox.core.engine;

import java.util.concurrent.ConcurrentLinkedDeque;

import io.emergencyinbox.core.delivery.DownstreamSession;
import io.emergencyinbox.core.delivery.DownstreamTransport;
import io.emergencyinbox.core.delivery.RouteUnavailableException;
import io.emergencyinbox.core.route.DownstreamRoute;

/**
 * Idle sessions to one route, reused from message to message during a drain (one TCP connection,
 * greeting and EHLO per worker instead of per message). Bounded by the caller's concurrency.
 */
final class SessionPool implements AutoCloseable {
    private final DownstreamTransport transport;
    private final DownstreamRoute route;
    private final ConcurrentLinkedDeque<DownstreamSession> idle = new ConcurrentLinkedDeque<>();

    SessionPool(DownstreamTransport transport, DownstreamRoute route) {
        this.transport = transport;
        this.route = route;
    }

    DownstreamSession borrow() throws RouteUnavailableException {
        DownstreamSession session;
        while ((session = idle.pollFirst()) != null) {
            if (session.isUsable()) {
                return session;
            }
            session.close();
        }
        return transport.open(route);
    }

    void giveBack(DownstreamSession session) {
        if (session.isUsable()) {
            idle.addFirst(session);
        } else {
            session.close();
        }
    }

    @Override
    public void close() {
        DownstreamSession session;
        while ((session = idle.pollFirst()) != null) {
            session.close();
        }
    }
}
