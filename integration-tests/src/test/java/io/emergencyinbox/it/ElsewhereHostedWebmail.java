package io.emergencyinbox.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The webmail's files hosted by another web server than the gateway, laid out as docs/webmail.md
 * tells (the jar's static/ folder, DOMPurify's ES module in vendor/, and a config.js naming the
 * gateway's JMAP URL): the page and the JMAP server then have different origins.
 */
final class ElsewhereHostedWebmail implements AutoCloseable {
    private static final String STATIC = "io/emergencyinbox/webmail/static/";
    private static final String DOMPURIFY = "META-INF/resources/webjars/dompurify/3.3.3/dist/purify.es.mjs";
    private static final Map<String, String> CONTENT_TYPES = Map.of(
        "html", "text/html", "css", "text/css", "js", "text/javascript", "mjs", "text/javascript");

    static ElsewhereHostedWebmail start(String jmapUrl) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> serve(exchange, jmapUrl));
            server.start();
            return new ElsewhereHostedWebmail(server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void serve(HttpExchange exchange, String jmapUrl) throws IOException {
        String path = exchange.getRequestURI().getPath().substring(1);
        byte[] content = path.equals("config.js")
            ? ("export const jmapUrl = '" + jmapUrl + "';\n").getBytes(StandardCharsets.UTF_8)
            : resource(path.isEmpty() ? "index.html" : path);
        if (content == null) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
        }
        exchange.getResponseHeaders().add("Content-Type", CONTENT_TYPES.getOrDefault(path.substring(path.lastIndexOf('.') + 1), "text/html"));
        exchange.sendResponseHeaders(200, content.length);
        try (OutputStream body = exchange.getResponseBody()) {
            body.write(content);
        }
    }

    private static byte[] resource(String path) throws IOException {
        String resource = path.equals("vendor/purify.es.mjs") ? DOMPURIFY : STATIC + path;
        try (InputStream stream = ElsewhereHostedWebmail.class.getClassLoader().getResourceAsStream(resource)) {
            return stream == null ? null : stream.readAllBytes();
        }
    }

    private final HttpServer server;

    private ElsewhereHostedWebmail(HttpServer server) {
        this.server = server;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
