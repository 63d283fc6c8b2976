package io.emergencyinbox.app.jmap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
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
        return write(problem()).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The answer to a request sent over the JMAP WebSocket (RFC 8887 section 4.3.3): the same problem details
     * as a {@code RequestError}, with the request's id when it had one.
     */
    public String requestError(Optional<String> requestId) {
        ObjectNode error = JSON.createObjectNode().put("@type", "RequestError");
        requestId.ifPresent(id -> error.put("requestId", id));
        return write(error.setAll(problem()));
    }

    private ObjectNode problem() {
        return JSON.createObjectNode()
            .put("type", TYPE)
            .put("status", STATUS)
            .put("limit", limit)
            .put("detail", detail);
    }

    private static String write(ObjectNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Problem details that cannot be written", e);
        }
    }

    /** The {@code id} of a WebSocket request message, when it is a JSON object with a string id. */
    static Optional<String> requestId(byte[] message) {
        try {
            JsonNode id = JSON.readTree(message).path("id");
            return id.isTextual() ? Optional.of(id.asText()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return limit + ": " + detail;
    }
}
