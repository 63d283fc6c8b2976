package io.emergencyinbox.core.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.emergencyinbox.testing.DownstreamServer;

class TrustedCertificatesTest {
    private static final String PEM = DownstreamServer.certificatePem();

    @Test
    void aPemCertificateShouldBeParsed() {
        TrustedCertificates trusted = TrustedCertificates.parse(PEM);

        assertThat(trusted.certificates()).singleElement()
            .satisfies(certificate -> assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=downstream.test"));
        assertThat(trusted.pem()).isEqualTo(PEM);
    }

    @Test
    void whitespaceAndTextAroundTheBlocksShouldNotMatter() {
        String decorated = "subject: CN=downstream.test\r\n\r\n" + PEM.replace("\n", "\r\n  ") + "\n\n";

        assertThat(TrustedCertificates.parse(decorated)).isEqualTo(TrustedCertificates.parse(PEM));
        assertThat(TrustedCertificates.parse(decorated).pem()).isEqualTo(PEM);
    }

    @Test
    void severalCertificatesShouldAllBeTrusted() throws Exception {
        TrustedCertificates trusted = TrustedCertificates.parse(PEM + PEM);

        assertThat(trusted.certificates()).hasSize(2);
        KeyStore store = trusted.asKeyStore();
        assertThat(store.size()).isEqualTo(2);
        assertThat(store.isCertificateEntry("trusted-0")).isTrue();
    }

    @Test
    void invalidPemShouldBeRefusedWithWhatIsWrong() {
        String body = PEM.substring(PEM.indexOf('\n') + 1, PEM.indexOf("-----END"));
        assertThatThrownBy(() -> TrustedCertificates.parse("  ")).hasMessage("no PEM certificate given");
        assertThatThrownBy(() -> TrustedCertificates.parse(body)).hasMessage("no '-----BEGIN CERTIFICATE-----' block found");
        assertThatThrownBy(() -> TrustedCertificates.parse("-----BEGIN CERTIFICATE-----\n%%%\n-----END CERTIFICATE-----"))
            .hasMessageStartingWith("certificate 1 is not valid base64");
        assertThatThrownBy(() -> TrustedCertificates.parse(PEM + "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----"))
            .hasMessageStartingWith("certificate 2 is not a valid X.509 certificate");
        assertThatThrownBy(() -> TrustedCertificates.parse(PEM + "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----"))
            .hasMessage("holds a private key: give only certificates");
        assertThatThrownBy(() -> TrustedCertificates.parse(PEM.repeat(21))).hasMessage("more than 20 certificates");
    }

    @Test
    void onlyAVerifyRouteShouldCarryTrustedCertificates() {
        DownstreamTarget target = new DownstreamTarget("mx.acme.com", 25, 0);
        Optional<TrustedCertificates> trusted = Optional.of(TrustedCertificates.parse(PEM));

        assertThatThrownBy(() -> new DownstreamRoute(List.of(target), TlsPolicy.REQUIRED, Duration.ofSeconds(1),
            Duration.ofSeconds(1), Optional.empty(), trusted))
            .hasMessage("trusted certificates are only used by the VERIFY TLS policy, not by REQUIRED");

        DownstreamRoute verified = DownstreamRoute.to(target).verifiedWith(trusted.get());
        assertThat(verified.tlsPolicy()).isEqualTo(TlsPolicy.VERIFY);
        assertThat(verified.withTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(3)).trustedCertificates()).isEqualTo(trusted);
        assertThat(verified.withTlsPolicy(TlsPolicy.REQUIRED).trustedCertificates()).isEmpty();
    }
}
