package io.emergencyinbox.core.message;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/** RFC 3461 §4 xtext, the encoding of ENVID and ORCPT values on the SMTP wire. */
public final class XText {

    public static String encode(String value) {
        StringBuilder builder = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= '!' && c <= '~' && c != '+' && c != '=') {
                builder.append((char) c);
            } else {
                builder.append('+').append(String.format(Locale.US, "%02X", c));
            }
        }
        return builder.toString();
    }

    /** @throws IllegalArgumentException on a malformed {@code +XX} sequence */
    public static String decode(String xtext) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < xtext.length(); i++) {
            char c = xtext.charAt(i);
            if (c == '+') {
                if (i + 2 >= xtext.length()) {
                    throw new IllegalArgumentException("Truncated xtext escape in '" + xtext + "'");
                }
                // Two hex digits, checked one by one: Integer.parseInt would also take a sign ("+-1", "++1").
                int high = hexValue(xtext.charAt(i + 1));
                int low = hexValue(xtext.charAt(i + 2));
                if (high < 0 || low < 0) {
                    throw new IllegalArgumentException("Malformed xtext escape in '" + xtext + "'");
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /**
     * Why {@code text} is not xtext, if it is not: xtext is the printable ASCII characters except
     * {@code +} and {@code =}, with {@code +XX} (two upper-case hex digits) for anything else.
     */
    public static Optional<String> problemWith(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '+') {
                if (i + 2 >= text.length() || !isUpperHex(text.charAt(i + 1)) || !isUpperHex(text.charAt(i + 2))) {
                    return Optional.of("'+' at position " + (i + 1) + " is not followed by two upper-case hex digits");
                }
                i += 2;
            } else if (c < '!' || c > '~' || c == '=') {
                return Optional.of("character " + String.format(Locale.US, "0x%02X", (int) c) + " at position " + (i + 1) + " must be written +XX");
            }
        }
        return Optional.empty();
    }

    private static boolean isUpperHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
    }

    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }

    private XText() {
    }
}
