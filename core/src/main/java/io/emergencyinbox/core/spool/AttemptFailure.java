package io.emergencyinbox.core.spool;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import com.google.common.base.MoreObjects;

import io.emergencyinbox.core.smtp.SmtpReply;

/**
 * Why an attempt did not deliver: the downstream's reply when it gave one ({@code reply}), or a
 * description of the connection problem. {@code remoteMta} is the server that answered, if any.
 */
public final class AttemptFailure {

    public static AttemptFailure ofReply(Instant at, String remoteMta, SmtpReply reply) {
        return new AttemptFailure(at, Optional.of(remoteMta), Optional.of(reply.code()), reply.enhancedStatus(), reply.asText());
    }

    public static AttemptFailure ofConnection(Instant at, String description) {
        return new AttemptFailure(at, Optional.empty(), Optional.empty(), Optional.empty(), description);
    }

    private final Instant at;
    private final Optional<String> remoteMta;
    private final Optional<Integer> replyCode;
    private final Optional<String> enhancedStatus;
    private final String diagnostic;

    public AttemptFailure(Instant at, Optional<String> remoteMta, Optional<Integer> replyCode,
                          Optional<String> enhancedStatus, String diagnostic) {
        this.at = Objects.requireNonNull(at);
        this.remoteMta = Objects.requireNonNull(remoteMta);
        this.replyCode = Objects.requireNonNull(replyCode);
        this.enhancedStatus = Objects.requireNonNull(enhancedStatus);
        this.diagnostic = Objects.requireNonNull(diagnostic);
    }

    public Instant at() {
        return at;
    }

    public Optional<String> remoteMta() {
        return remoteMta;
    }

    /** The SMTP reply code, when the downstream answered. */
    public Optional<Integer> replyCode() {
        return replyCode;
    }

    public Optional<String> enhancedStatus() {
        return enhancedStatus;
    }

    /** The downstream's reply as received ({@code 451 4.3.0 Try later}) or the connection error. */
    public String diagnostic() {
        return diagnostic;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof AttemptFailure)) {
            return false;
        }
        AttemptFailure that = (AttemptFailure) o;
        return at.equals(that.at) && remoteMta.equals(that.remoteMta) && replyCode.equals(that.replyCode)
            && enhancedStatus.equals(that.enhancedStatus) && diagnostic.equals(that.diagnostic);
    }

    @Override
    public int hashCode() {
        return Objects.hash(at, remoteMta, replyCode, enhancedStatus, diagnostic);
    }

    @Override
    public String toString() {
        return MoreObjects.toStringHelper(this).add("at", at).add("remoteMta", remoteMta).add("diagnostic", diagnostic).toString();
    }
}
