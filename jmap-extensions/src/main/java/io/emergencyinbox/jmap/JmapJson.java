package io.emergencyinbox.jmap;

import java.util.Optional;

import org.apache.james.jmap.core.ErrorCode;
import org.apache.james.jmap.core.Invocation;
import org.apache.james.jmap.method.InvocationWithContext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import play.api.libs.json.JsObject;
import play.api.libs.json.JsString;
import play.api.libs.json.JsValue;
import play.api.libs.json.Json;
import scala.Option;

/** Small bridges between James's play-json invocations and Jackson, for methods written in Java. */
public final class JmapJson {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    /** A string argument of the invocation, when present and a string. */
    public static Optional<String> stringArgument(InvocationWithContext invocation, String name) {
        Option<JsValue> value = invocation.invocation().arguments().value().get(name);
        if (value.isDefined() && value.get() instanceof JsString) {
            return Optional.of(((JsString) value.get()).value());
        }
        return Optional.empty();
    }

    public static boolean hasArgument(InvocationWithContext invocation, String name) {
        return invocation.invocation().arguments().value().get(name).isDefined();
    }

    public static JsonNode arguments(InvocationWithContext invocation) {
        try {
            return MAPPER.readTree(Json.stringify(invocation.invocation().arguments()));
        } catch (Exception e) {
            throw new IllegalArgumentException("Unreadable arguments", e);
        }
    }

    public static InvocationWithContext response(InvocationWithContext invocation, ObjectNode arguments) {
        JsObject json = (JsObject) Json.parse(arguments.toString());
        return new InvocationWithContext(new Invocation(invocation.invocation().methodName(), json, invocation.invocation().methodCallId()),
            invocation.processingContext());
    }

    public static InvocationWithContext error(InvocationWithContext invocation, ErrorCode code, String description) {
        return new InvocationWithContext(Invocation.error(code, description, invocation.invocation().methodCallId()),
            invocation.processingContext());
    }

    public static InvocationWithContext error(InvocationWithContext invocation, ErrorCode code) {
        return new InvocationWithContext(Invocation.error(code, invocation.invocation().methodCallId()), invocation.processingContext());
    }

    private JmapJson() {
    }
}
