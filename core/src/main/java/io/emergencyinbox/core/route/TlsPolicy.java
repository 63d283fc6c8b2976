package io.emergencyinbox.core.route;

/** How the gateway uses STARTTLS towards a downstream server. */
public enum TlsPolicy {
    /** Never start TLS. */
    OFF,
    /** Start TLS when the server offers it, without checking its certificate; deliver in clear text otherwise. */
    OPPORTUNISTIC,
    /** Deliver only over TLS, without checking the certificate: a server that does not offer STARTTLS counts as unreachable. */
    REQUIRED,
    /**
     * Deliver only over TLS to a server whose certificate chains to a trusted authority (the route's
     * {@link TrustedCertificates}, or the JVM's when it has none) and names the target's host: any other
     * server counts as unreachable, so mail is spooled rather than handed to an impostor.
     */
    VERIFY;

    public boolean requiresTls() {
        return this == REQUIRED || this == VERIFY;
    }
}
