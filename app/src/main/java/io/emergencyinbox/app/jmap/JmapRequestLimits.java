package io.emergencyinbox.app.jmap;

import java.io.IOException;
import java.util.Optional;
import java.util.OptionalInt;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * The request limits of RFC 8620 section 3.6.1, with the values James 3.8.1 advertises in the
 * session's {@value #CORE_CAPABILITY} capability (hard-coded in its {@code CoreCapabilityFactory})
 * but does not enforce. This is the one place they are written: {@link RequestLimitGuard} enforces
 * them, and a test checks that the session advertises exactly these values, so a James upgrade that
 * changes what it advertises fails that test instead of leaving the two apart
 * (docs/adr/0015-jmap-request-limits.md).
 */
public final class JmapRequestLimits {
    public static final String CORE_CAPABILITY = "urn:ietf:params:jmap:core";
    /** The largest request body, in octets, accepted on the API endpoint. */
    public static final long MAX_SIZE_REQUEST = 10_000_000L;
    /** The most method calls accepted in one request. */
    public static final int MAX_CALLS_IN_REQUEST = 16;

    public static final JmapRequestLimits ADVERTISED = new JmapRequestLimits(MAX_SIZE_REQUEST, MAX_CALLS_IN_REQUEST);

    private static final JsonFactory JSON = new JsonFactory();
    private static final String METHOD_CALLS = "methodCalls";

    private final long maxSizeRequest;
    private final int maxCallsInRequest;

    /** Other values only for tests: the server enforces what James advertises, {@link #ADVERTISED}. */
    JmapRequestLimits(long maxSizeRequest, int maxCallsInRequest) {
        if (maxSizeRequest < 0 || maxSizeRequest > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxSizeRequest must fit in one byte array: " + maxSizeRequest);
        }
        if (maxCallsInRequest < 0) {
            throw new IllegalArgumentException("maxCallsInRequest must not be negative: " + maxCallsInRequest);
        }
        this.maxSizeRequest = maxSizeRequest;
        this.maxCallsInRequest = maxCallsInRequest;
    }

    public long maxSizeRequest() {
        return maxSizeRequest;
    }

    public int maxCallsInRequest() {
        return maxCallsInRequest;
    }

    /** Checks the size a request announces in its {@code Content-Length}, before any of it is read. */
    public Optional<LimitViolation> checkDeclaredSize(long contentLength) {
        if (contentLength > maxSizeRequest) {
            return Optional.of(new LimitViolation(LimitViolation.MAX_SIZE_REQUEST,
                "The request declares " + contentLength + " octets, more than maxSizeRequest (" + maxSizeRequest + ")"));
        }
        return Optional.empty();
    }

    /** The answer to a request whose body turned out, while being read, larger than the limit. */
    public LimitViolation sizeExceeded() {
        return new LimitViolation(LimitViolation.MAX_SIZE_REQUEST,
            "The request is larger than maxSizeRequest (" + maxSizeRequest + " octets)");
    }

    /**
     * Checks the number of method calls of a request body. Only a body that parses as a JSON object
     * with a {@code methodCalls} array is counted: anything else is left for James to answer
     * ({@code notJSON}, {@code notRequest}).
     */
    public Optional<LimitViolation> checkCalls(byte[] body) {
        OptionalInt calls = methodCallCount(body);
        if (calls.isPresent() && calls.getAsInt() > maxCallsInRequest) {
            return Optional.of(new LimitViolation(LimitViolation.MAX_CALLS_IN_REQUEST,
                "The request has " + calls.getAsInt() + " method calls, more than maxCallsInRequest (" + maxCallsInRequest + ")"));
        }
        return Optional.empty();
    }

    /**
     * The number of elements of the top-level {@code methodCalls} array, when the body's first JSON
     * value is an object holding one; empty when it is not, or when that value does not parse.
     *
     * <p>Read as James reads a request (its JSON library stops after the first value, so bytes after
     * it do not matter), so that every request James would execute has been counted. Should a
     * request name {@code methodCalls} twice (not I-JSON), the longest array counts. Streaming: no
     * tree is built, and nesting costs no stack.
     */
    static OptionalInt methodCallCount(byte[] body) {
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return OptionalInt.empty();
            }
            int longest = -1;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.getCurrentName();
                JsonToken value = parser.nextToken();
                if (METHOD_CALLS.equals(field) && value == JsonToken.START_ARRAY) {
                    longest = Math.max(longest, countElements(parser));
                } else {
                    parser.skipChildren();
                }
            }
            return longest < 0 ? OptionalInt.empty() : OptionalInt.of(longest);
        } catch (IOException e) {
            return OptionalInt.empty();
        }
    }

    private static int countElements(JsonParser parser) throws IOException {
        int count = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            count++;
            parser.skipChildren();
        }
        return count;
    }
}
