package io.emergencyinbox.webadmin;

import java.io.IOException;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;

import spark.Request;

/**
 * Reads request bodies strictly (unknown fields, wrong types and malformed JSON are refused) and
 * turns Jackson's errors into messages that name the field.
 */
final class JsonBody {
    private static final ObjectMapper MAPPER = new ObjectMapper()
        .registerModule(new Jdk8Module())
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    static <T> T parse(Request request, Class<T> type) {
        String body = request.body();
        if (body == null || body.isBlank()) {
            throw HttpErrors.badRequest("The request needs a JSON body");
        }
        try {
            T value = MAPPER.readValue(body, type);
            if (value == null) {
                throw HttpErrors.badRequest("The request body must be a JSON object, not null");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw HttpErrors.badRequest("Unknown field '" + path(e) + "'; known fields: "
                + e.getKnownPropertyIds().stream().map(Object::toString).sorted().collect(Collectors.joining(", ")));
        } catch (InvalidFormatException e) {
            throw HttpErrors.badRequest("Field '" + path(e) + "' has an invalid value " + e.getValue()
                + " (expected " + e.getTargetType().getSimpleName() + ")");
        } catch (MismatchedInputException e) {
            String original = String.valueOf(e.getOriginalMessage());
            if (original.startsWith("Missing required creator property")) {
                throw HttpErrors.badRequest("Missing required field " + original.replaceAll("^Missing required creator property ('[^']*').*$", "$1"));
            }
            throw HttpErrors.badRequest("Field '" + path(e) + "' has the wrong type (expected "
                + (e.getTargetType() == null ? "another type" : e.getTargetType().getSimpleName()) + ")");
        } catch (JsonMappingException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw HttpErrors.badRequest("Invalid value" + (e.getPath().isEmpty() ? "" : " for '" + path(e) + "'") + ": "
                + cause.getMessage());
        } catch (JsonProcessingException e) {
            throw HttpErrors.badRequest("Malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw HttpErrors.badRequest("Unreadable request body: " + e.getMessage());
        }
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
            .map(reference -> reference.getFieldName() != null ? reference.getFieldName() : "[" + reference.getIndex() + "]")
            .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private JsonBody() {
    }
}
