package io.emergencyinbox.core.delivery;

/**
 * The downstream as a whole could not take mail: no target accepted a connection, a greeting was
 * refused, a session timed out or broke, TLS was required and not offered. This is evidence about
 * the route, never a reason to bounce a message.
 */
public class RouteUnavailableException extends Exception {
    public RouteUnavailableException(String diagnostic) {
        super(diagnostic);
    }

    public RouteUnavailableException(String diagnostic, Throwable cause) {
        super(diagnostic, cause);
    }
}
