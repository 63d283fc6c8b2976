package io.emergencyinbox.core.organisation;

import java.util.Objects;
import java.util.regex.Pattern;

/** The identifier of a partner (a channel that manages several customer organisations). */
public final class PartnerId {
    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    public static PartnerId of(String value) {
        if (value == null || !VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("Invalid partner id '" + value
                + "': expected 1 to 64 characters among a-z, 0-9, '.', '_', '-', starting with a letter or digit");
        }
        return new PartnerId(value);
    }

    private final String value;

    private PartnerId(String value) {
        this.value = value;
    }

    public String asString() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PartnerId && ((PartnerId) o).value.equals(value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
