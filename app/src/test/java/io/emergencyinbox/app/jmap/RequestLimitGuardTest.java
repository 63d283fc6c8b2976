package io.emergencyinbox.app.jmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.james.jmap.JMAPRoute;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The guard in front of a real HTTP server (the one James's JMAP server is built on), with small
 * limits: 200 octets, 2 method calls, bodies over 100 octets read only for authenticated requests.
 * Behind it, an action that answers 200 with the body it read, or, as James does, 401 without reading
 * the body when the request's credentials are invalid (here: the {@code X-Test-Credentials: invalid} header).
 */
class RequestLimitGuardTest {
    private static final int MAX_SIZE = 200;
    private static final int UNAUTHENTICATED_BODY_LIMIT = 100;
    private static final String INVALID_CREDENTIALS = "X-Test-Credentials: invalid\r\n";
    private static final AtomicInteger authentications = new AtomicInteger();
    private static final RequestAuthentication AUTHENTICATION = request -> {
        authentications.incrementAndGet();
        return Mono.just(!"invalid".equals(request.requestHeaders().get("X-Test-Credentials")));
    };
    private static final RequestLimitGuard GUARD = new RequestLimitGuard(new JmapRequestLimits(MAX_SIZE, 2), AUTHENTICATION,
        UNAUTHENTICATED_BODY_LIMIT);
    private static final AtomicInteger actionCalls = new AtomicInteger();
    /** Reads the body as James's JMAP route does, after resolving parameters as James's routes do. */
    private static final JMAPRoute.Action ECHO = (request, response) -> {
        actionCalls.incrementAndGet();
        if ("invalid".equals(request.requestHeaders().get("X-Test-Credentials"))) {
            return response.status(401).header("Content-Length", "0").send();
        }
        return request.paramsResolver(uri -> Map.of())
            .receive().aggregate().asByteArray()
            .defaultIfEmpty(new byte[0])
            .flatMap(body -> response.status(200).sendByteArray(Mono.just(body)).then());
    };

    private static DisposableServer server;
    private static HttpClient client;

    @BeforeAll
    static void start() {
        server = HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .handle((request, response) -> RequestLimitGuard.isApiRequest(request)
                ? GUARD.guard(ECHO).handleRequest(request, response)
                : ECHO.handleRequest(request, response))
            .bindNow();
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(30)).build();
    }

    @AfterAll
    static void stop() {
        server.disposeNow();
    }

    @BeforeEach
    void resetCalls() {
        actionCalls.set(0);
        authentications.set(0);
    }

    private static String calls(int count) {
        StringBuilder calls = new StringBuilder();
        for (int i = 0; i < count; i++) {
            calls.append(i == 0 ? "" : ",").append("[\"Core/echo\",{},\"c").append(i).append("\"]");
        }
        return "{\"using\":[],\"methodCalls\":[" + calls + "]}";
    }

    private static byte[] body(int size) {
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) 'x');
        return body;
    }

    private static HttpResponse<String> post(String path, HttpRequest.BodyPublisher body) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .timeout(Duration.ofSeconds(30))
            .POST(body).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A body of unknown length, so the client sends it chunked. */
    private static HttpRequest.BodyPublisher chunked(byte[] body) {
        return HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body));
    }

    private static void assertRefused(int status, String body, String limit) throws IOException {
        assertThat(status).as(body).isEqualTo(400);
        JsonNode problem = new ObjectMapper().readTree(body);
        assertThat(problem.get("type").asText()).isEqualTo("urn:ietf:params:jmap:error:limit");
        assertThat(problem.get("limit").asText()).isEqualTo(limit);
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(actionCalls).as("calls of the action behind the guard").hasValue(0);
    }

    @Test
    void aBodyOfExactlyTheSizeLimitShouldReachTheActionIntact() throws Exception {
        HttpResponse<String> response = post("/jmap", HttpRequest.BodyPublishers.ofByteArray(body(MAX_SIZE)));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("x".repeat(MAX_SIZE));
    }

    @Test
    void aBodyOverTheSizeLimitShouldBeRefusedAsMaxSizeRequest() throws Exception {
        HttpResponse<String> response = post("/jmap", HttpRequest.BodyPublishers.ofByteArray(body(MAX_SIZE + 1)));

        assertRefused(response.statusCode(), response.body(), "maxSizeRequest");
    }

    @Test
    void aChunkedBodyOverTheSizeLimitShouldBeRefusedAsMaxSizeRequest() throws Exception {
        HttpResponse<String> response = post("/jmap", chunked(body(5_000_000)));

        assertRefused(response.statusCode(), response.body(), "maxSizeRequest");
    }

    @Test
    void aChunkedBodyWithinTheSizeLimitShouldReachTheActionIntact() throws Exception {
        String request = calls(2);
        HttpResponse<String> response = post("/jmap?query=ignored", chunked(request.getBytes(StandardCharsets.UTF_8)));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(request);
    }

    @Test
    void anEmptyBodyShouldReachTheActionEmpty() throws Exception {
        HttpResponse<String> response = post("/jmap", HttpRequest.BodyPublishers.noBody());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
        assertThat(actionCalls).hasValue(1);
    }

    @Test
    void moreMethodCallsThanTheLimitShouldBeRefusedAsMaxCallsInRequest() throws Exception {
        HttpResponse<String> response = post("/jmap", HttpRequest.BodyPublishers.ofString(calls(3)));

        assertRefused(response.statusCode(), response.body(), "maxCallsInRequest");
    }

    @Test
    void asManyMethodCallsAsTheLimitShouldReachTheAction() throws Exception {
        HttpResponse<String> response = post("/jmap", HttpRequest.BodyPublishers.ofString(calls(2)));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(calls(2));
    }

    @Test
    void malformedJsonShouldReachTheActionUntouched() throws Exception {
        String malformed = "{\"using\":[],\"methodCalls\":[[\"a\",{},\"1\"],[\"a\",{},\"2\"],[\"a\",{},\"3\"],";
        HttpResponse<String> response = post("/jmap", HttpRequest.BodyPublishers.ofString(malformed));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(malformed);
    }

    @Test
    void otherEndpointsShouldNotBeLimited() throws Exception {
        for (String path : new String[] {"/upload/account", "/jmap/ws", "/jmapx", "/jmap/"}) {
            HttpResponse<String> response = post(path, HttpRequest.BodyPublishers.ofByteArray(body(MAX_SIZE * 10)));

            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.body()).as(path).hasSize(MAX_SIZE * 10);
        }
    }

    @Test
    void aRefusalShouldCarryTheCorsHeadersOfJamesRoutes() throws Exception {
        HttpResponse<String> response = post("/jmap", HttpRequest.BodyPublishers.ofString(calls(3)));

        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    }

    @Test
    void aDeclaredLengthOverTheLimitShouldBeRefusedBeforeTheBodyIsSent() throws Exception {
        try (RawConnection connection = new RawConnection()) {
            connection.send("POST /jmap HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: 10000000000\r\nExpect: 100-continue\r\n\r\n");

            RawResponse response = connection.response();

            assertRefused(response.status, response.body, "maxSizeRequest");
            assertThat(response.headers).contains("connection: close");
            assertThat(connection.in.read()).as("the server closes the connection").isEqualTo(-1);
        }
    }

    @Test
    void theConnectionShouldStayUsableAfterARefusal() throws Exception {
        try (RawConnection connection = new RawConnection()) {
            connection.send("POST /jmap HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100000\r\n\r\n" + "x".repeat(100_000));
            RawResponse refusal = connection.response();
            assertRefused(refusal.status, refusal.body, "maxSizeRequest");

            connection.send("POST /jmap HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\n\r\n{}");
            RawResponse next = connection.response();

            assertThat(refusal.headers).doesNotContain("connection: close");
            assertThat(next.status).isEqualTo(200);
            assertThat(next.body).isEqualTo("{}");
        }
    }

    @Test
    void aSmallBodyShouldBeReadWithoutAskingForAuthentication() throws Exception {
        HttpResponse<String> response = post("/jmap", HttpRequest.BodyPublishers.ofByteArray(body(UNAUTHENTICATED_BODY_LIMIT)));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("x".repeat(UNAUTHENTICATED_BODY_LIMIT));
        assertThat(authentications).hasValue(0);
    }

    @Test
    void aLargerBodyShouldBeReadOnceTheCredentialsAreValid() throws Exception {
        HttpResponse<String> declared = post("/jmap", HttpRequest.BodyPublishers.ofByteArray(body(UNAUTHENTICATED_BODY_LIMIT + 1)));
        HttpResponse<String> chunked = post("/jmap", chunked(body(10)));

        assertThat(declared.statusCode()).isEqualTo(200);
        assertThat(declared.body()).isEqualTo("x".repeat(UNAUTHENTICATED_BODY_LIMIT + 1));
        assertThat(chunked.statusCode()).isEqualTo(200);
        assertThat(chunked.body()).isEqualTo("x".repeat(10));
        assertThat(authentications).hasValue(2);
    }

    @Test
    void withoutValidCredentialsALargerBodyShouldNotBeWaitedForNorRead() throws Exception {
        try (RawConnection connection = new RawConnection()) {
            // the body is announced and never sent: reading it would hang until the test times out
            connection.send("POST /jmap HTTP/1.1\r\nHost: localhost\r\n" + INVALID_CREDENTIALS
                + "Content-Length: " + MAX_SIZE + "\r\n\r\n");

            assertThat(connection.response().status).isEqualTo(401);
        }
        try (RawConnection connection = new RawConnection()) {
            connection.send("POST /jmap HTTP/1.1\r\nHost: localhost\r\n" + INVALID_CREDENTIALS
                + "Transfer-Encoding: chunked\r\n\r\n");

            assertThat(connection.response().status).isEqualTo(401);
        }
        assertThat(authentications).hasValue(2);
        assertThat(actionCalls).hasValue(2);
    }

    @Test
    void withoutValidCredentialsASmallBodyShouldGetJamesAnswer() throws Exception {
        try (RawConnection connection = new RawConnection()) {
            connection.send("POST /jmap HTTP/1.1\r\nHost: localhost\r\n" + INVALID_CREDENTIALS + "Content-Length: 2\r\n\r\n{}");

            assertThat(connection.response().status).isEqualTo(401);
        }
        assertThat(authentications).hasValue(0);
    }

    /** One HTTP/1.1 connection whose every byte the test writes. */
    private static final class RawConnection implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        RawConnection() throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
            socket.setSoTimeout(30_000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        }

        void send(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        /** Reads one response with a Content-Length body; fails on an interim (1xx) response. */
        RawResponse response() throws IOException {
            String statusLine = line();
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            int length = 0;
            List<String> headers = new ArrayList<>();
            for (String header = line(); !header.isEmpty(); header = line()) {
                headers.add(header.toLowerCase(Locale.ROOT));
                if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(header.substring(header.indexOf(':') + 1).trim());
                }
            }
            byte[] body = in.readNBytes(length);
            return new RawResponse(status, headers, new String(body, StandardCharsets.UTF_8));
        }

        private String line() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b == -1) {
                    throw new IOException("Connection closed in the middle of a response");
                }
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.US_ASCII);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static final class RawResponse {
        final int status;
        final List<String> headers;
        final String body;

        RawResponse(int status, List<String> headers, String body) {
            this.status = status;
            this.headers = headers;
            this.body = body;
        }
    }
}
