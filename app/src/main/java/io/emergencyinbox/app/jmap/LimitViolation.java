package io.emergencyinbox.app.jmap;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A request over one of the limits: answered with the RFC 8620 {@value #TYPE} problem details. */
public final class LimitViolation {
    public static final String TYPE = "urn:ietf:params:jmap:error:limit";
    public static final String MAX_SIZE_REQUEST = "maxSizeRequest";
    public static final String MAX_CALLS_IN_REQUEST = "maxCallsInRequest";
    public static final int STATUS = 400;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String limit;
    private final String detail;

    LimitViolation(String limit, String detail) {
        this.limit = Objects.requireNonNull(limit);
        this.detail = Objects.requireNonNull(detail);
    }

    /** The name of the limit, as in the session's core capability. */
    public String limit() {
        return limit;
    }

    public String detail() {
        return detail;
    }

    /** The response body: RFC 7807 problem details, as RFC 8620 section 3.6.1 describes them. */
    public byte[] problemDetails() {
        ObjectNode problem = JSON.createObjectNode()
            .put("type", TYPE)
            .put("status", STATUS)
            .put("limit", limit)
            .put("detail", detail);
        try {
            return JSON.writeValueAsString(problem).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Problem details that cannot be written", e);
        }
    }

    @Override
    public String toString() {
        return limit + ": " + detail;
    }
}
