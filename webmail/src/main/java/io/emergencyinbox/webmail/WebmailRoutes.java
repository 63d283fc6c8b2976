package io.emergencyinbox.webmail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.james.jmap.Endpoint;
import org.apache.james.jmap.JMAPRoute;
import org.apache.james.jmap.JMAPRoutes;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Serves the webmail (docs/webmail.md), a static single-page JMAP client, on the JMAP port:
 * {@code GET /webmail} redirects to {@code /webmail/}, which is {@code index.html}, and
 * {@code GET /webmail/{path}} is a file of this jar's {@code static/} folder, or DOMPurify's ES module
 * from its WebJar. Anything else under {@code /webmail/} is 404: paths are checked against a strict
 * pattern (no {@code ..}, no encoded characters, no hidden files) and only known file types are served.
 */
public class WebmailRoutes implements JMAPRoutes {
    static final String STATIC_ROOT = "io/emergencyinbox/webmail/static/";
    /** Files taken from other jars, by the path the webmail imports them with. */
    static final Map<String, String> VENDORED = Map.of(
        "vendor/purify.es.mjs", "META-INF/resources/webjars/dompurify/3.3.3/dist/purify.es.mjs");
    /**
     * Scripts only from this origin, and none inline. Mail is shown in a sandboxed frame whose
     * document inherits this policy; it adds its own, stricter one (no remote images until the user
     * asks). Hence remote images and inline styles here: the page itself never inserts markup it did
     * not write, only text.
     */
    static final String CONTENT_SECURITY_POLICY = String.join("; ",
        "default-src 'none'",
        "script-src 'self'",
        "connect-src 'self'",
        "img-src 'self' data: blob: http: https:",
        "style-src 'self' 'unsafe-inline'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'");
    private static final Pattern SAFE_PATH = Pattern.compile("([A-Za-z0-9_-][A-Za-z0-9._-]*/)*[A-Za-z0-9_-][A-Za-z0-9._-]*");
    private static final Map<String, String> CONTENT_TYPES = Map.of(
        "html", "text/html; charset=utf-8",
        "css", "text/css; charset=utf-8",
        "js", "text/javascript; charset=utf-8",
        "mjs", "text/javascript; charset=utf-8",
        "svg", "image/svg+xml",
        "png", "image/png");

    @Override
    public Stream<JMAPRoute> routes() {
        return Stream.of(
            JMAPRoute.builder()
                .endpoint(Endpoint.ofFixedPath(HttpMethod.GET, "/webmail"))
                .action(JMAPRoutes.redirectTo("/webmail/"))
                .noCorsHeaders(),
            JMAPRoute.builder()
                .endpoint(new Endpoint(HttpMethod.GET, "/webmail/{path}**"))
                .action(this::serve)
                .noCorsHeaders());
    }

    private Mono<Void> serve(HttpServerRequest request, HttpServerResponse response) {
        String path = Optional.ofNullable(request.param("path")).filter(value -> !value.isEmpty()).orElse("index.html");
        Optional<String> contentType = contentType(path);
        if (contentType.isEmpty() || !SAFE_PATH.matcher(path).matches()) {
            return notFound(response);
        }
        String resource = VENDORED.getOrDefault(path, STATIC_ROOT + path);
        return Mono.fromCallable(() -> read(resource))
            .subscribeOn(Schedulers.boundedElastic())
            .flatMap(content -> content
                .map(bytes -> withSecurityHeaders(response)
                    .header("Content-Type", contentType.get())
                    .header("Cache-Control", "no-cache")
                    .sendByteArray(Mono.just(bytes))
                    .then())
                .orElseGet(() -> notFound(response)));
    }

    private static Optional<String> contentType(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? Optional.empty() : Optional.ofNullable(CONTENT_TYPES.get(path.substring(dot + 1)));
    }

    private static Optional<byte[]> read(String resource) {
        try (InputStream stream = WebmailRoutes.class.getClassLoader().getResourceAsStream(resource)) {
            return stream == null ? Optional.empty() : Optional.of(stream.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Mono<Void> notFound(HttpServerResponse response) {
        return withSecurityHeaders(response)
            .status(HttpResponseStatus.NOT_FOUND)
            .header("Content-Type", "text/plain; charset=utf-8")
            .sendString(Mono.just("Not found\n"))
            .then();
    }

    private static HttpServerResponse withSecurityHeaders(HttpServerResponse response) {
        return response
            .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
            .header("X-Content-Type-Options", "nosniff")
            .header("Referrer-Policy", "no-referrer");
    }
}
