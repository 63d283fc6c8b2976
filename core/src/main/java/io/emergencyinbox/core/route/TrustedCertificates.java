package io.emergencyinbox.core.route;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.common.collect.ImmutableList;

/**
 * The certificate authorities a {@link TlsPolicy#VERIFY} route trusts instead of the JVM's: one or more
 * PEM certificates ({@code -----BEGIN CERTIFICATE-----}), typically a customer's internal CA, or the
 * server's own self-signed certificate. Two values are equal when they hold the same certificates,
 * whatever the whitespace or comments around the PEM blocks.
 */
public final class TrustedCertificates {
    private static final Pattern PEM_BLOCK = Pattern.compile(
        "-----BEGIN CERTIFICATE-----([^-]*)-----END CERTIFICATE-----");
    private static final Pattern WHITESPACE = Pattern.compile("\\s");
    private static final int MAX_CERTIFICATES = 20;

    /** @throws IllegalArgumentException saying what is wrong with the PEM text */
    public static TrustedCertificates parse(String pem) {
        if (pem == null || pem.isBlank()) {
            throw new IllegalArgumentException("no PEM certificate given");
        }
        if (pem.contains("PRIVATE KEY-----")) {
            throw new IllegalArgumentException("holds a private key: give only certificates");
        }
        ImmutableList.Builder<X509Certificate> certificates = ImmutableList.builder();
        Matcher blocks = PEM_BLOCK.matcher(pem);
        int count = 0;
        while (blocks.find()) {
            count++;
            if (count > MAX_CERTIFICATES) {
                throw new IllegalArgumentException("more than " + MAX_CERTIFICATES + " certificates");
            }
            certificates.add(decode(blocks.group(1), count));
        }
        if (count == 0) {
            throw new IllegalArgumentException("no '-----BEGIN CERTIFICATE-----' block found");
        }
        return new TrustedCertificates(certificates.build());
    }

    private static X509Certificate decode(String base64, int position) {
        byte[] der;
        try {
            der = Base64.getDecoder().decode(WHITESPACE.matcher(base64).replaceAll(""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("certificate " + position + " is not valid base64: " + e.getMessage());
        }
        try {
            Collection<? extends Certificate> decoded = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(der));
            if (decoded.size() != 1) {
                throw new IllegalArgumentException("certificate " + position + " is not one X.509 certificate");
            }
            return (X509Certificate) decoded.iterator().next();
        } catch (CertificateException e) {
            throw new IllegalArgumentException("certificate " + position + " is not a valid X.509 certificate: " + e.getMessage());
        }
    }

    private final ImmutableList<X509Certificate> certificates;
    private final String pem;

    private TrustedCertificates(ImmutableList<X509Certificate> certificates) {
        this.certificates = certificates;
        this.pem = certificates.stream().map(TrustedCertificates::encode).reduce("", String::concat);
    }

    private static String encode(X509Certificate certificate) {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("a decoded certificate could not be encoded again", e);
        }
    }

    public List<X509Certificate> certificates() {
        return certificates;
    }

    /** The certificates as PEM blocks, one after the other, without anything else. */
    public String pem() {
        return pem;
    }

    /** A key store holding the certificates as trusted entries, for a {@code TrustManagerFactory}. */
    public KeyStore asKeyStore() {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            for (int i = 0; i < certificates.size(); i++) {
                store.setCertificateEntry("trusted-" + i, certificates.get(i));
            }
            return store;
        } catch (KeyStoreException | NoSuchAlgorithmException | CertificateException | IOException e) {
            throw new IllegalStateException("cannot build an in-memory key store", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrustedCertificates && pem.equals(((TrustedCertificates) o).pem);
    }

    @Override
    public int hashCode() {
        return pem.hashCode();
    }

    @Override
    public String toString() {
        return certificates.stream().map(c -> c.getSubjectX500Principal().getName())
            .collect(ImmutableList.toImmutableList()).toString();
    }
}
