package io.emergencyinbox.core.smtp;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableList;

/** A complete (possibly multi-line) SMTP reply. */
public final class SmtpReply {
    private static final Pattern ENHANCED_STATUS = Pattern.compile("^([245]\\.\\d{1,3}\\.\\d{1,3})(\\s|$)");

    private final int code;
    private final ImmutableList<String> lines;

    public SmtpReply(int code, List<String> lines) {
        Preconditions.checkArgument(code >= 200 && code < 600, "not an SMTP reply code: %s", code);
        this.code = code;
        this.lines = ImmutableList.copyOf(lines);
    }

    public int code() {
        return code;
    }

    /** The text of each line, without the code and separator. */
    public ImmutableList<String> lines() {
        return lines;
    }

    public boolean isPositiveCompletion() {
        return code / 100 == 2;
    }

    public boolean isPositiveIntermediate() {
        return code / 100 == 3;
    }

    public boolean isTransientFailure() {
        return code / 100 == 4;
    }

    public boolean isPermanentFailure() {
        return code / 100 == 5;
    }

    /** The RFC 3463 status of the first line (e.g. {@code 4.2.1}), when the server sent one. */
    public Optional<String> enhancedStatus() {
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        Matcher matcher = ENHANCED_STATUS.matcher(lines.get(0));
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /** The reply as it appeared on the wire, lines joined by a space: {@code 451 4.3.0 Try again later}. */
    public String asText() {
        return code + " " + String.join(" ", lines);
    }

    @Override
    public String toString() {
        return asText();
    }
}
