package io.emergencyinbox.core.route;

/** How the gateway uses STARTTLS towards a downstream server. */
public enum TlsPolicy {
    /** Never start TLS. */
    OFF,
    /** Start TLS when the server offers it; deliver in clear text otherwise. */
    OPPORTUNISTIC,
    /** Deliver only over TLS: a server that does not offer STARTTLS counts as unreachable. */
    REQUIRED
}
