package io.emergencyinbox.app.jmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class JmapRequestLimitsTest {
    private static final JmapRequestLimits LIMITS = JmapRequestLimits.ADVERTISED;

    static String request(int calls) {
        String call = "[\"Core/echo\",{\"nested\":[[1,2],{\"methodCalls\":[1,2,3]}]},\"c\"]";
        return "{\"using\":[\"urn:ietf:params:jmap:core\"],\"methodCalls\":[" + String.join(",", Collections.nCopies(calls, call)) + "]}";
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theLimitsShouldBeThoseJamesAdvertises() {
        assertThat(LIMITS.maxSizeRequest()).isEqualTo(10_000_000L);
        assertThat(LIMITS.maxCallsInRequest()).isEqualTo(16);
    }

    @Test
    void onlyTheTopLevelMethodCallsShouldBeCounted() {
        assertThat(JmapRequestLimits.methodCallCount(bytes(request(3)))).isEqualTo(OptionalInt.of(3));
        assertThat(JmapRequestLimits.methodCallCount(bytes(request(0)))).isEqualTo(OptionalInt.of(0));
    }

    @Test
    void methodCallsNestedInAnotherMemberShouldNotBeCounted() {
        assertThat(JmapRequestLimits.methodCallCount(bytes("{\"using\":[],\"other\":{\"methodCalls\":[1,2,3]}}"))).isEmpty();
    }

    @Test
    void aBodyThatIsNotAJsonObjectWithAMethodCallsArrayShouldNotBeCounted() {
        assertThat(JmapRequestLimits.methodCallCount(bytes("{\"using\": [\"urn:ietf:params:jmap:core\"], \"methodCalls\": [["))).isEmpty();
        assertThat(JmapRequestLimits.methodCallCount(bytes("{\"methodCalls\": \"Core/echo\"}"))).isEmpty();
        assertThat(JmapRequestLimits.methodCallCount(bytes("[[\"Core/echo\",{},\"c\"]]"))).isEmpty();
        assertThat(JmapRequestLimits.methodCallCount(bytes(""))).isEmpty();
        assertThat(JmapRequestLimits.methodCallCount(bytes("not json"))).isEmpty();
    }

    @Test
    void aMalformedValueAfterTheMethodCallsShouldMakeTheBodyUncounted() {
        assertThat(JmapRequestLimits.methodCallCount(bytes("{\"methodCalls\":[1,2,3],\"using\":[}"))).isEmpty();
    }

    @Test
    void bytesAfterTheRequestObjectShouldNotHideItsCalls() {
        // James's JSON reader stops after the first value and would execute these calls.
        assertThat(JmapRequestLimits.methodCallCount(bytes(request(17) + " trailing garbage ]"))).isEqualTo(OptionalInt.of(17));
    }

    @Test
    void aRepeatedMethodCallsMemberShouldCountAsItsLongestArray() {
        assertThat(JmapRequestLimits.methodCallCount(bytes("{\"methodCalls\":[1,2,3,4],\"methodCalls\":[1]}"))).isEqualTo(OptionalInt.of(4));
        assertThat(JmapRequestLimits.methodCallCount(bytes("{\"methodCalls\":[1],\"methodCalls\":[1,2,3,4]}"))).isEqualTo(OptionalInt.of(4));
    }

    @Test
    void aUtf16BodyShouldBeCountedToo() {
        assertThat(JmapRequestLimits.methodCallCount(request(17).getBytes(StandardCharsets.UTF_16BE))).isEqualTo(OptionalInt.of(17));
    }

    @Test
    void deepNestingShouldNotExhaustTheStack() {
        String deep = "[".repeat(200_000) + "]".repeat(200_000);
        // Counted (2) by a parser without a depth limit, left to James (empty) by one with: never an error.
        assertThatCode(() -> JmapRequestLimits.methodCallCount(bytes("{\"methodCalls\":[" + deep + "," + deep + "]}")))
            .doesNotThrowAnyException();
    }

    @Test
    void sixteenCallsShouldPass() {
        assertThat(LIMITS.checkCalls(bytes(request(16)))).isEmpty();
    }

    @Test
    void seventeenCallsShouldBeRefusedAsMaxCallsInRequest() {
        assertThat(LIMITS.checkCalls(bytes(request(17)))).hasValueSatisfying(violation -> {
            assertThat(violation.limit()).isEqualTo("maxCallsInRequest");
            assertThat(violation.detail()).contains("17").contains("16");
        });
    }

    @Test
    void malformedJsonShouldBeLeftToJames() {
        assertThat(LIMITS.checkCalls(bytes("{\"methodCalls\":[" + "[\"Core/echo\",{},\"c\"],".repeat(20)))).isEmpty();
    }

    @Test
    void aDeclaredSizeUpToTheLimitShouldPass() {
        assertThat(LIMITS.checkDeclaredSize(0)).isEmpty();
        assertThat(LIMITS.checkDeclaredSize(10_000_000L)).isEmpty();
    }

    @Test
    void aDeclaredSizeOverTheLimitShouldBeRefusedAsMaxSizeRequest() {
        assertThat(LIMITS.checkDeclaredSize(10_000_001L)).hasValueSatisfying(violation -> {
            assertThat(violation.limit()).isEqualTo("maxSizeRequest");
            assertThat(violation.detail()).contains("10000001").contains("10000000");
        });
        assertThat(LIMITS.sizeExceeded().limit()).isEqualTo("maxSizeRequest");
    }

    @Test
    void theProblemDetailsShouldBeThoseOfRfc8620() throws Exception {
        JsonNode problem = new ObjectMapper().readTree(LIMITS.checkCalls(bytes(request(17))).orElseThrow().problemDetails());

        assertThat(problem.get("type").asText()).isEqualTo("urn:ietf:params:jmap:error:limit");
        assertThat(problem.get("limit").asText()).isEqualTo("maxCallsInRequest");
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("detail").asText()).isNotBlank();
    }

    @Test
    void overTheWebSocketTheRefusalShouldBeARequestErrorCarryingTheRequestId() throws Exception {
        byte[] message = bytes("{\"@type\":\"Request\",\"id\":\"r1\",\"using\":[],\"methodCalls\":[]}");
        LimitViolation violation = LIMITS.checkCalls(bytes(request(17))).orElseThrow();

        JsonNode error = new ObjectMapper().readTree(violation.requestError(LimitViolation.requestId(message)));
        JsonNode withoutId = new ObjectMapper().readTree(violation.requestError(LimitViolation.requestId(bytes("[1,2]"))));

        assertThat(error.get("@type").asText()).isEqualTo("RequestError");
        assertThat(error.get("requestId").asText()).isEqualTo("r1");
        assertThat(error.get("type").asText()).isEqualTo("urn:ietf:params:jmap:error:limit");
        assertThat(error.get("limit").asText()).isEqualTo("maxCallsInRequest");
        assertThat(error.get("status").asInt()).isEqualTo(400);
        assertThat(withoutId.has("requestId")).isFalse();
    }
}
