package io.emergencyinbox.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.james.core.Username;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.emergencyinbox.app.ConfigurationPreflight;
import io.emergencyinbox.core.config.ContinuityPolicy;
import io.emergencyinbox.jmap.access.AccountIds;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Replays the bad-input corpus (src/test/resources/bad-input, see its README): each case must get its
 * specific error, the gateway must keep serving after it, and at the end every message it accepted,
 * plus a canary spooled first, must reach the downstream intact exactly once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputCorpusTest {
    static final String USER = "user@corpus.test";
    static final Path CORPUS = corpus();

    @RegisterExtension
    static GatewayExtension gateway = GatewayExtension.builder().build();

    static TestOrganisation corpus;
    /** Bodies of the accepted messages, by case, to check delivery at the end; the canary first. */
    static final Map<String, byte[]> acceptedBodies = new LinkedHashMap<>();
    /** The accepted messages as sent, headers included, by case: each must be delivered with its bytes unchanged. */
    static final Map<String, byte[]> acceptedMessages = new LinkedHashMap<>();
    /** Accepted messages that reach the downstream with a known, documented change: a text their content must still contain. */
    static final Map<String, String> acceptedAltered = new LinkedHashMap<>();

    @TempDir
    static Path configurations;

    @BeforeAll
    static void setUp() throws Exception {
        corpus = TestOrganisation.create(gateway, "corpus", "corpus.test", USER);
        corpus.downstream().stop();
        corpus.awaitState("DOWN");
        byte[] canary = ("From: sender@example.com\r\nTo: " + USER + "\r\nSubject: Canary\r\n\r\nThe canary, spooled before any bad input.\r\n")
            .getBytes(StandardCharsets.US_ASCII);
        try (Conversation smtp = new Conversation(gateway.smtpPort())) {
            smtp.expect(smtp.command("MAIL FROM:<sender@example.com>"), "250");
            smtp.expect(smtp.command("RCPT TO:<" + USER + ">"), "250");
            smtp.expect(smtp.command("DATA"), "354");
            smtp.expect(smtp.data(canary), "250");
        }
        acceptedBodies.put("canary", body(canary));
        acceptedMessages.put("canary", canary);
        await().atMost(Duration.ofSeconds(30)).until(() -> corpus.spooled() == 1);
    }

    @AfterAll
    static void tearDown() {
        corpus.close();
    }

    @TestFactory
    @Order(1)
    Stream<DynamicTest> smtpCases() throws IOException {
        return cases("smtp").map(file -> DynamicTest.dynamicTest(name(file), () -> {
            replaySmtp(file);
            assertStillServing();
        }));
    }

    @TestFactory
    @Order(2)
    Stream<DynamicTest> jmapCases() throws IOException {
        return cases("jmap").map(file -> DynamicTest.dynamicTest(name(file), () -> {
            replayHttp(file, gateway.jmap(USER, TestOrganisation.PASSWORD).request(), true);
            assertStillServing();
        }));
    }

    @TestFactory
    @Order(3)
    Stream<DynamicTest> webAdminCases() throws IOException {
        return cases("webadmin").map(file -> DynamicTest.dynamicTest(name(file), () -> {
            replayHttp(file, gateway.webAdmin(), false);
            assertStillServing();
        }));
    }

    @TestFactory
    @Order(4)
    Stream<DynamicTest> configurationCases() throws IOException {
        return cases("config").map(file -> DynamicTest.dynamicTest(name(file), () -> replayConfiguration(file)));
    }

    @Test
    @Order(5)
    void everyAcceptedMessageAndTheCanaryShouldReachTheDownstreamIntactExactlyOnce() {
        assertThat(acceptedBodies).hasSizeGreaterThan(10);
        corpus.downstream().restart();

        await().atMost(Duration.ofSeconds(30)).until(() -> corpus.spooled() == 0);
        List<byte[]> delivered = corpus.downstream().received().stream().map(mail -> body(mail.content())).collect(Collectors.toList());
        List<String> contents = corpus.downstream().received().stream()
            .map(mail -> new String(mail.content(), StandardCharsets.UTF_8))
            .collect(Collectors.toList());
        List<String> unexpected = corpus.downstream().received().stream()
            .filter(mail -> acceptedBodies.values().stream().noneMatch(accepted -> Arrays.equals(body(mail.content()), accepted)))
            .map(mail -> new String(mail.content(), StandardCharsets.UTF_8))
            .filter(content -> acceptedAltered.values().stream().noneMatch(content::contains))
            .map(message -> message.length() > 2000 ? message.substring(0, 2000) + "..." : message)
            .collect(Collectors.toList());
        for (Map.Entry<String, byte[]> accepted : acceptedBodies.entrySet()) {
            long copies = delivered.stream().filter(body -> Arrays.equals(body, accepted.getValue())).count();
            assertThat(copies).as("deliveries of " + accepted.getKey() + " with its body intact (delivered messages matching no case: "
                + unexpected + ")").isEqualTo(1);
        }
        for (Map.Entry<String, byte[]> accepted : acceptedMessages.entrySet()) {
            byte[] sent = accepted.getValue();
            List<String> deliveredWithItsBody = corpus.downstream().received().stream()
                .map(mail -> mail.content())
                .filter(content -> Arrays.equals(body(content), body(sent)))
                .map(content -> new String(content, StandardCharsets.ISO_8859_1))
                .collect(Collectors.toList());
            // Headers unchanged too: James's SMTP server only puts its Received header in front.
            assertThat(deliveredWithItsBody).as("delivery of " + accepted.getKey() + " with its headers as sent")
                .singleElement().asString().endsWith(new String(sent, StandardCharsets.ISO_8859_1));
        }
        for (Map.Entry<String, String> altered : acceptedAltered.entrySet()) {
            assertThat(contents.stream().filter(content -> content.contains(altered.getValue())).count())
                .as("deliveries of " + altered.getKey() + " containing '" + altered.getValue() + "'").isEqualTo(1);
        }
        assertThat(unexpected).isEmpty();
        assertThat(delivered).hasSize(acceptedBodies.size() + acceptedAltered.size());
    }

    // --- SMTP

    private static void replaySmtp(Path file) throws IOException {
        List<String> lines = meaningfulLines(file);
        try (Conversation smtp = new Conversation(gateway.smtpPort())) {
            String lastReply = null;
            byte[] lastData = null;
            String deliveredText = null;
            for (String line : lines) {
                if (line.startsWith("@ delivered-text ")) {
                    deliveredText = line.substring("@ delivered-text ".length()).trim();
                } else if (line.startsWith("> ")) {
                    lastReply = smtp.command(line.substring(2));
                    lastData = null;
                } else if (line.startsWith("< ")) {
                    smtp.expect(lastReply, line.substring(2).trim());
                    if (lastData != null && lastReply.startsWith("250")) {
                        if (deliveredText != null) {
                            acceptedAltered.put(name(file), deliveredText);
                        } else {
                            acceptedBodies.put(name(file), body(lastData));
                            acceptedMessages.put(name(file), lastData);
                        }
                    }
                } else if (line.startsWith("@ data-generated ")) {
                    lastData = generatedMessage(Integer.parseInt(line.substring("@ data-generated ".length()).trim()));
                    lastReply = smtp.data(lastData);
                } else if (line.startsWith("@ data ")) {
                    lastData = Files.readAllBytes(CORPUS.resolve(line.substring("@ data ".length()).trim()));
                    lastReply = smtp.data(lastData);
                } else {
                    throw new IllegalArgumentException(file + ": unreadable line '" + line + "'");
                }
            }
        }
    }

    private static byte[] generatedMessage(int size) {
        StringBuilder message = new StringBuilder("From: sender@example.com\r\nTo: " + USER + "\r\nSubject: Too big\r\n\r\n");
        String line = "x".repeat(76) + "\r\n";
        while (message.length() < size) {
            message.append(line);
        }
        return message.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** The body: what follows the first empty line (the whole message when it starts with one). */
    static byte[] body(byte[] message) {
        for (int i = 0; i + 1 < message.length; i++) {
            if (message[i] == '\n' && (message[i + 1] == '\n' || (message[i + 1] == '\r' && i + 2 < message.length && message[i + 2] == '\n'))) {
                int start = message[i + 1] == '\n' ? i + 2 : i + 3;
                return Arrays.copyOfRange(message, start, message.length);
            }
        }
        if (message.length >= 2 && message[0] == '\r' && message[1] == '\n') {
            return Arrays.copyOfRange(message, 2, message.length);
        }
        return new byte[0];
    }

    // --- JMAP and WebAdmin

    private static void replayHttp(Path file, RequestSpecification request, boolean jmap) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        int index = 0;
        while (lines.get(index).startsWith("#")) {
            index++;
        }
        String[] requestLine = lines.get(index++).split(" ", 2);
        Integer expectedStatus = null;
        List<String> expectedBody = new ArrayList<>();
        Map<String, String> headers = new HashMap<>();
        Integer generatedBytes = null;
        boolean chunked = false;
        for (; index < lines.size() && !lines.get(index).isEmpty(); index++) {
            String line = lines.get(index);
            String value = line.substring(line.indexOf(':') + 1).trim();
            if (line.startsWith("expect-status:")) {
                expectedStatus = Integer.parseInt(value);
            } else if (line.startsWith("expect-body:")) {
                expectedBody.add(value);
            } else if (line.startsWith("generated-body-bytes:")) {
                generatedBytes = Integer.parseInt(value);
            } else if (line.startsWith("send-chunked:")) {
                chunked = Boolean.parseBoolean(value);
            } else {
                headers.put(line.substring(0, line.indexOf(':')).trim(), value);
            }
        }
        String body = generatedBytes != null ? generatedJmapRequest(generatedBytes)
            : String.join("\n", lines.subList(Math.min(index + 1, lines.size()), lines.size())).replace("${ACCOUNT}", account());
        if ("none".equals(headers.get("Authorization"))) {
            request = io.restassured.RestAssured.given().port(jmap ? gateway.jmapPort() : gateway.webAdminPort()).contentType("application/json");
            headers.remove("Authorization");
        } else if (headers.containsKey("Authorization")) {
            request = io.restassured.RestAssured.given().port(gateway.jmapPort()).contentType("application/json");
        }
        request.headers(headers);
        int status;
        String answer;
        if (chunked) {
            HttpResponse<String> response = sendChunked(requestLine[0], requestLine[1], headers, body, jmap);
            status = response.statusCode();
            answer = response.body();
        } else {
            if (!body.isBlank()) {
                request.body(body);
            }
            Response response = request.request(requestLine[0], requestLine[1]);
            status = response.statusCode();
            answer = response.asString();
        }
        String shortAnswer = answer.length() > 400 ? answer.substring(0, 400) + "…" : answer;
        assertThat(status).as(name(file) + ": " + shortAnswer).isEqualTo(expectedStatus);
        for (String expected : expectedBody) {
            assertThat(answer).as(name(file) + ": " + shortAnswer).contains(expected);
        }
    }

    /**
     * Sends the body chunked, without a Content-Length (the JDK client does so for a body of unknown
     * length; RestAssured buffers it and sends a length). Authenticated as the corpus user for JMAP,
     * unless the case gives an Authorization header (or {@code none}).
     */
    private static HttpResponse<String> sendChunked(String method, String path, Map<String, String> headers, String body, boolean jmap)
        throws IOException {
        int port = jmap ? gateway.jmapPort() : gateway.webAdminPort();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))));
        Map<String, String> sent = new HashMap<>(headers);
        if (jmap && !sent.containsKey("Authorization")) {
            sent.put("Authorization", "Basic " + Base64.getEncoder().encodeToString((USER + ":" + TestOrganisation.PASSWORD)
                .getBytes(StandardCharsets.UTF_8)));
        }
        sent.remove("Authorization", "none");
        sent.forEach(request::setHeader);
        try {
            return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static String generatedJmapRequest(int size) {
        String start = "{\"using\":[\"urn:ietf:params:jmap:core\"],\"methodCalls\":[[\"Core/echo\",{\"padding\":\"";
        String end = "\"},\"c\"]]}";
        return start + "x".repeat(Math.max(0, size - start.length() - end.length())) + end;
    }

    // --- configuration

    private static void replayConfiguration(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        int index = 0;
        while (lines.get(index).startsWith("#")) {
            index++;
        }
        String target = lines.get(index++).replace("file:", "").trim();
        String expectedError = lines.get(index++).replace("expect-error:", "").trim();
        String content = String.join("\n", lines.subList(index + 1, lines.size())) + "\n";
        Path conf = Files.createDirectories(configurations.resolve(name(file)));
        try (Stream<Path> shipped = Files.list(TestConfiguration.shippedConfiguration())) {
            for (Path source : (Iterable<Path>) shipped::iterator) {
                Files.copy(source, conf.resolve(source.getFileName()));
            }
        }
        Files.writeString(conf.resolve(target), content, StandardCharsets.UTF_8);

        assertThatThrownBy(() -> startUpChecks(conf)).as(name(file)).hasMessageContaining(expectedError);
    }

    /** What the gateway checks before and while starting: James's settings, then our policy. */
    private static void startUpChecks(Path conf) throws IOException {
        ConfigurationPreflight.check(conf);
        Properties continuity = new Properties();
        try (InputStream in = Files.newInputStream(conf.resolve("continuity.properties"))) {
            continuity.load(in);
        }
        Map<String, String> values = new HashMap<>();
        continuity.stringPropertyNames().forEach(key -> values.put(key, continuity.getProperty(key)));
        ContinuityPolicy.parse(values);
    }

    // --- shared

    private static void assertStillServing() throws IOException {
        gateway.webAdmin().get("/continuity/organisations/corpus/status").then().statusCode(200);
        gateway.jmap(USER, TestOrganisation.PASSWORD).request().get("/jmap/session").then().statusCode(200);
        try (Conversation smtp = new Conversation(gateway.smtpPort())) {
            smtp.expect(smtp.command("NOOP"), "250");
        }
        assertThat(corpus.spool().getList("entries.subject")).contains("Canary");
    }

    private static Stream<Path> cases(String category) throws IOException {
        try (Stream<Path> files = Files.list(CORPUS.resolve(category))) {
            return files.filter(file -> file.toString().endsWith(".txt")).sorted().collect(Collectors.toList()).stream();
        }
    }

    private static List<String> meaningfulLines(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
            .filter(line -> !line.isBlank() && !line.startsWith("#"))
            .collect(Collectors.toList());
    }

    private static String name(Path file) {
        return file.getParent().getFileName() + "/" + file.getFileName().toString().replace(".txt", "");
    }

    private static String account() {
        return AccountIds.of(Username.of(USER));
    }

    private static Path corpus() {
        try {
            return Path.of(BadInputCorpusTest.class.getResource("/bad-input").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A raw SMTP conversation, so the corpus controls every byte (unlike a client library). */
    static final class Conversation implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        Conversation(int port) throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setSoTimeout(60_000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
            expect(reply(), "220");
            expect(command("EHLO corpus.test"), "250");
        }

        String command(String line) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return reply();
        }

        /** Sends a DATA section: dot-stuffed, ended by CRLF.CRLF. */
        String data(byte[] message) throws IOException {
            ByteArrayOutputStream stuffed = new ByteArrayOutputStream(message.length + 1024);
            boolean lineStart = true;
            for (byte b : message) {
                if (lineStart && b == '.') {
                    stuffed.write('.');
                }
                stuffed.write(b);
                lineStart = b == '\n';
            }
            if (!lineStart) {
                stuffed.write('\r');
                stuffed.write('\n');
            }
            stuffed.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
            out.write(stuffed.toByteArray());
            out.flush();
            return reply();
        }

        void expect(String reply, String codePrefix) {
            assertThat(reply).as("SMTP reply, expected " + codePrefix).startsWith(codePrefix);
        }

        private String reply() throws IOException {
            StringBuilder all = new StringBuilder();
            while (true) {
                ByteArrayOutputStream line = new ByteArrayOutputStream();
                int b;
                while ((b = in.read()) != -1 && b != '\n') {
                    line.write(b);
                }
                String text = line.toString(StandardCharsets.UTF_8).trim();
                all.append(text).append(' ');
                if (b == -1 || text.length() < 4 || text.charAt(3) == ' ') {
                    return all.toString().trim();
                }
            }
        }

        @Override
        public void close() throws IOException {
            try {
                out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException e) {
                // the server may have closed the connection: nothing to say
            } finally {
                socket.close();
            }
        }
    }
}
