package io.emergencyinbox.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.emergencyinbox.app.jmap.JmapRequestLimits;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * The JMAP request limits in the whole gateway: what the session advertises is what is enforced, a
 * refused request is not executed, and the endpoints the limits do not concern (uploads, downloads,
 * push) work as before. The limit cases themselves are in the bad-input corpus (jmap/19 to 24).
 */
class JmapRequestLimitsGatewayTest {
    static final String USER = "user@limits.test";
    static final String USING = "[\"urn:ietf:params:jmap:core\",\"urn:ietf:params:jmap:mail\"]";

    @RegisterExtension
    static GatewayExtension gateway = GatewayExtension.builder().build();

    static TestOrganisation organisation;

    @BeforeAll
    static void setUp() {
        organisation = TestOrganisation.create(gateway, "limits", "limits.test", USER);
    }

    @AfterAll
    static void tearDown() {
        organisation.close();
    }

    private static JmapClient jmap() {
        return gateway.jmap(USER, TestOrganisation.PASSWORD);
    }

    /** {@code count} Mailbox/set calls, each creating a mailbox named {@code prefix-N}. */
    private static String mailboxCreations(String accountId, String prefix, int count) {
        return IntStream.rangeClosed(1, count)
            .mapToObj(i -> "[\"Mailbox/set\",{\"accountId\":\"" + accountId + "\",\"create\":{\"k" + i + "\":{\"name\":\"" + prefix + "-" + i
                + "\"}}},\"c" + i + "\"]")
            .collect(Collectors.joining(",", "[", "]"));
    }

    private static List<String> mailboxNames(JmapClient jmap, String accountId, String prefix) {
        List<Map<String, Object>> mailboxes = jmap.call("[[\"Mailbox/get\",{\"accountId\":\"" + accountId + "\",\"ids\":null},\"m\"]]")
            .getList("methodResponses[0][1].list");
        return mailboxes.stream().map(mailbox -> (String) mailbox.get("name"))
            .filter(name -> name.startsWith(prefix + "-"))
            .collect(Collectors.toList());
    }

    @Test
    void theSessionShouldAdvertiseTheLimitsTheGatewayEnforces() {
        JsonPath session = jmap().session();

        assertThat(session.getLong("capabilities.'urn:ietf:params:jmap:core'.maxSizeRequest"))
            .isEqualTo(JmapRequestLimits.MAX_SIZE_REQUEST);
        assertThat(session.getInt("capabilities.'urn:ietf:params:jmap:core'.maxCallsInRequest"))
            .isEqualTo(JmapRequestLimits.MAX_CALLS_IN_REQUEST);
    }

    @Test
    void aRequestOverMaxCallsInRequestShouldNotBeExecutedAtAll() {
        JmapClient jmap = jmap();
        String accountId = jmap.accountId();

        Response refused = jmap.request()
            .body("{\"using\":" + USING + ",\"methodCalls\":" + mailboxCreations(accountId, "refused", 17) + "}")
            .post("/jmap");

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.jsonPath().getString("type")).isEqualTo("urn:ietf:params:jmap:error:limit");
        assertThat(refused.jsonPath().getString("limit")).isEqualTo("maxCallsInRequest");
        assertThat(mailboxNames(jmap, accountId, "refused")).isEmpty();
    }

    @Test
    void aRequestOfExactlyMaxCallsInRequestShouldBeExecutedInFull() {
        JmapClient jmap = jmap();
        String accountId = jmap.accountId();

        jmap.call(USING, mailboxCreations(accountId, "accepted", 16));

        assertThat(mailboxNames(jmap, accountId, "accepted")).hasSize(16);
    }

    @Test
    void theLimitsShouldBeCheckedBeforeAuthentication() {
        String seventeenCalls = "{\"using\":[\"urn:ietf:params:jmap:core\"],\"methodCalls\":["
            + String.join(",", Collections.nCopies(17, "[\"Core/echo\",{},\"c\"]")) + "]}";

        Response response = given().port(gateway.jmapPort()).contentType("application/json").body(seventeenCalls).post("/jmap");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.jsonPath().getString("limit")).isEqualTo("maxCallsInRequest");
    }

    @Test
    void aLargeRequestWithValidCredentialsShouldBeExecuted() {
        String large = "x".repeat(200_000); // over the 64 KiB read before authentication

        JsonPath echoed = jmap().call("[\"urn:ietf:params:jmap:core\"]", "[[\"Core/echo\",{\"large\":\"" + large + "\"},\"e\"]]");

        assertThat(echoed.getString("methodResponses[0][1].large")).isEqualTo(large);
    }

    @Test
    void aLargeRequestWithoutValidCredentialsShouldGetJames401WithoutItsBodyBeingRead() throws Exception {
        String wrongCredentials = Base64.getEncoder().encodeToString((USER + ":not-the-password").getBytes(StandardCharsets.UTF_8));
        for (String framing : List.of("Content-Length: 5000000", "Transfer-Encoding: chunked")) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), gateway.jmapPort())) {
                socket.setSoTimeout(10_000);
                // the body is announced and never sent: a gateway reading it would not answer
                socket.getOutputStream().write(("POST /jmap HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Authorization: Basic " + wrongCredentials + "\r\n" + framing + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();

                String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();

                assertThat(statusLine).as(framing).startsWith("HTTP/1.1 401");
            }
        }
    }

    @Test
    void overTheWebSocketARequestOverMaxCallsInRequestShouldGetARequestErrorAndNotBeExecuted() {
        JmapClient jmap = jmap();
        String accountId = jmap.accountId();
        List<String> messages = new CopyOnWriteArrayList<>();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
            .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((USER + ":" + TestOrganisation.PASSWORD)
                .getBytes(StandardCharsets.UTF_8)))
            .buildAsync(URI.create("ws://127.0.0.1:" + gateway.jmapPort() + "/jmap/ws"), new WebSocket.Listener() {
                private final StringBuilder message = new StringBuilder();

                @Override
                public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                    message.append(data);
                    if (last) {
                        messages.add(message.toString());
                        message.setLength(0);
                    }
                    webSocket.request(1);
                    return null;
                }
            }).join();
        try {
            JsonPath refusal = exchange(socket, messages, "too-many", mailboxCreations(accountId, "ws-refused", 17));
            assertThat(refusal.getString("'@type'")).isEqualTo("RequestError");
            assertThat(refusal.getString("requestId")).isEqualTo("too-many");
            assertThat(refusal.getString("type")).isEqualTo("urn:ietf:params:jmap:error:limit");
            assertThat(refusal.getString("limit")).isEqualTo("maxCallsInRequest");

            // the same connection goes on serving requests within the limit
            JsonPath response = exchange(socket, messages, "within", mailboxCreations(accountId, "ws-accepted", 16));
            assertThat(response.getString("'@type'")).isEqualTo("Response");
            assertThat(response.getString("requestId")).isEqualTo("within");
        } finally {
            socket.abort();
        }
        assertThat(mailboxNames(jmap, accountId, "ws-refused")).isEmpty();
        assertThat(mailboxNames(jmap, accountId, "ws-accepted")).hasSize(16);
    }

    /** Sends one RFC 8887 request over the socket and returns the next message the gateway sends back. */
    private static JsonPath exchange(WebSocket socket, List<String> messages, String requestId, String methodCalls) {
        int received = messages.size();
        socket.sendText("{\"@type\":\"Request\",\"id\":\"" + requestId + "\",\"using\":" + USING + ",\"methodCalls\":"
            + methodCalls + "}", true).join();
        await().atMost(30, TimeUnit.SECONDS).until(() -> messages.size() > received);
        return JsonPath.from(messages.get(received));
    }

    @Test
    void anUploadLargerThanMaxSizeRequestShouldStillBeAcceptedAndDownloadable() {
        JmapClient jmap = jmap();
        String accountId = jmap.accountId();
        byte[] blob = new byte[11_000_000];
        Arrays.fill(blob, (byte) 'u');

        JsonPath upload = jmap.request().contentType("application/octet-stream").body(blob)
            .post("/upload/" + accountId).then().statusCode(201).extract().jsonPath();
        byte[] downloaded = jmap.request().get("/download/" + accountId + "/" + upload.getString("blobId"))
            .then().statusCode(200).extract().asByteArray();

        assertThat(upload.getLong("size")).isEqualTo(11_000_000L);
        assertThat(downloaded).isEqualTo(blob);
    }

    @Test
    void theEventSourceShouldStillPushStateChanges() throws Exception {
        JmapClient jmap = jmap();
        String accountId = jmap.accountId();
        HttpRequest subscribe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.jmapPort() + "/eventSource?types=*&ping=0&closeAfter=no"))
            .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((USER + ":" + TestOrganisation.PASSWORD)
                .getBytes(StandardCharsets.UTF_8)))
            .header("Accept", "text/event-stream")
            .GET().build();
        HttpResponse<InputStream> stream = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
            .sendAsync(subscribe, HttpResponse.BodyHandlers.ofInputStream()).get(30, TimeUnit.SECONDS);
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader events = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                for (String line = events.readLine(); line != null; line = events.readLine()) {
                    lines.add(line);
                }
            } catch (Exception e) {
                // the stream is closed at the end of the test
            }
        });
        reader.setDaemon(true);
        reader.start();
        try {
            assertThat(stream.statusCode()).isEqualTo(200);
            assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));

            jmap.call(USING, mailboxCreations(accountId, "pushed", 1));

            await().atMost(Duration.ofSeconds(30)).until(() -> lines.stream()
                .anyMatch(line -> line.contains("StateChange") && line.contains(accountId) && line.contains("Mailbox")));
        } finally {
            stream.body().close();
        }
    }
}
