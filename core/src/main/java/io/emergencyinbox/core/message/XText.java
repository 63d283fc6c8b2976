package io.emergencyinbox.core.message;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

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
                try {
                    bytes.write(Integer.parseInt(xtext.substring(i + 1, i + 3), 16));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("Malformed xtext escape in '" + xtext + "'", e);
                }
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private XText() {
    }
}
