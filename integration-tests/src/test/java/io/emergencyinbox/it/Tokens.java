package io.emergencyinbox.it;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.SignatureAlgorithm;

/** Mints JWTs with the gateway's generated private key, as an operator's token service would. */
public final class Tokens {
    private final PrivateKey key;

    Tokens(Path privateKeyPem) {
        try {
            String pem = Files.readString(privateKeyPem, StandardCharsets.US_ASCII)
                .replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "").replaceAll("\\s", "");
            this.key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read " + privateKeyPem, e);
        }
    }

    /** A token of James's all-powerful WebAdmin administrator. */
    public String operator() {
        return Jwts.builder().setSubject("operator@gateway.test").claim("admin", true)
            .setExpiration(Date.from(Instant.now().plusSeconds(3600))).signWith(key, SignatureAlgorithm.RS256).compact();
    }

    /** A token naming a user, whose rights come from their roles. */
    public String user(String username) {
        return Jwts.builder().setSubject(username)
            .setExpiration(Date.from(Instant.now().plusSeconds(3600))).signWith(key, SignatureAlgorithm.RS256).compact();
    }
}
