package io.emergencyinbox.core.delivery;

import java.io.Closeable;

import io.emergencyinbox.core.message.ContentSource;
import io.emergencyinbox.core.message.Envelope;

/** An open connection to one server of a route, able to deliver several messages one after the other. */
public interface DownstreamSession extends Closeable {

    /**
     * Delivers one message. Per-recipient answers come back in the result; a failure of the session
     * itself (timeout, broken connection, 421) is a {@link RouteUnavailableException} after which the
     * session is no longer usable.
     */
    DeliveryResult deliver(Envelope envelope, ContentSource content) throws RouteUnavailableException;

    boolean isUsable();

    /** The server this session talks to, as {@code host:port}. */
    String remoteMta();

    @Override
    void close();
}
