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
