package io.emergencyinbox.it;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

/**
 * A web server on a loopback port standing for the internet a mail points to (trackers, images,
 * attackers' beacons): it records the path of every request and answers with a 1×1 PNG.
 */
final class RecordingHttpServer implements AutoCloseable {
    /** A 1×1 PNG image, in base64. */
    static final String PIXEL_PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNk+A8AAQUBAScY42YAAAAASUVORK5CYII=";
    private static final byte[] PIXEL = Base64.getDecoder().decode(PIXEL_PNG);

    static RecordingHttpServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            RecordingHttpServer recording = new RecordingHttpServer(server);
            server.createContext("/", exchange -> {
                recording.requests.add(exchange.getRequestURI().getPath());
                exchange.getResponseHeaders().add("Content-Type", "image/png");
                exchange.sendResponseHeaders(200, PIXEL.length);
                try (OutputStream body = exchange.getResponseBody()) {
                    body.write(PIXEL);
                }
            });
            server.start();
            return recording;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private final HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private RecordingHttpServer(HttpServer server) {
        this.server = server;
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The paths requested so far, in order. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
