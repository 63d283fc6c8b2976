package io.emergencyinbox.app.jmap;

import java.io.ByteArrayOutputStream;
import java.util.Optional;
import java.util.OptionalLong;

import org.apache.james.jmap.Endpoint;
import org.apache.james.jmap.JMAPRoute;
import org.apache.james.jmap.JMAPRoutes;
import org.apache.james.jmap.JMAPUrls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Puts a JMAP API action (James's {@code POST /jmap}) behind {@link JmapRequestLimits}, answering a
 * request over a limit with HTTP 400 and {@link LimitViolation#TYPE} problem details, as RFC 8620
 * section 3.6.1 requires.
 *
 * <ul>
 *   <li>A {@code Content-Length} over {@code maxSizeRequest} is refused at once: no byte of the body
 *   is read. A client that sent {@code Expect: 100-continue} never sends it (and the connection is
 *   closed); otherwise the HTTP server drops what arrives, unbuffered, as it does for James's own
 *   early answers, and the connection stays usable.</li>
 *   <li>Otherwise the body is read into memory, never more than {@code maxSizeRequest} octets, also
 *   when chunked: one more and the request is refused and reading stops.</li>
 *   <li>A body that is a JSON request with more than {@code maxCallsInRequest} method calls is
 *   refused. Anything else, malformed JSON included, goes on to James, which answers as usual.</li>
 *   <li>The action is then given the request with its body replayed from memory
 *   ({@link ReplayedBodyRequest}).</li>
 * </ul>
 * James's route authenticates before it reads the body, so it cannot be asked to count first; this guard
 * reads the body itself, and so that a client without credentials cannot make the gateway hold large
 * bodies, it reads one over {@code unauthenticatedBodyLimit} octets (or of unknown length, chunked) only once
 * the request's credentials are found valid. A request whose credentials are not valid then goes to James
 * with an empty body, for James's own answer (401), its body never read (docs/adr/0015-jmap-request-limits.md).
 */
public final class RequestLimitGuard {
    private static final Logger LOGGER = LoggerFactory.getLogger(RequestLimitGuard.class);
    private static final int INITIAL_BUFFER = 8192;
    private static final int MAX_INITIAL_BUFFER = 64 * 1024;
    /** James's API route: its method and path, matched by James's own rule (query ignored, prefix-free path). */
    private static final Endpoint API_ENDPOINT = Endpoint.ofFixedPath(HttpMethod.POST, JMAPUrls.JMAP);

    /** Bodies up to this size are read before James authenticates: what a JMAP request usually is. */
    public static final int UNAUTHENTICATED_BODY_LIMIT = 64 * 1024;

    private final JmapRequestLimits limits;
    private final RequestAuthentication authentication;
    private final long unauthenticatedBodyLimit;

    public RequestLimitGuard(JmapRequestLimits limits, RequestAuthentication authentication) {
        this(limits, authentication, UNAUTHENTICATED_BODY_LIMIT);
    }

    /** @param unauthenticatedBodyLimit another value than {@link #UNAUTHENTICATED_BODY_LIMIT} only for tests */
    public RequestLimitGuard(JmapRequestLimits limits, RequestAuthentication authentication, long unauthenticatedBodyLimit) {
        this.limits = limits;
        this.authentication = authentication;
        this.unauthenticatedBodyLimit = unauthenticatedBodyLimit;
    }

    /** Whether a request goes to the JMAP API endpoint, matched as James matches its route. */
    public static boolean isApiRequest(HttpServerRequest request) {
        return API_ENDPOINT.matches(request);
    }

    public JMAPRoute.Action guard(JMAPRoute.Action action) {
        return (request, response) -> enforce(request, response, action);
    }

    private Mono<Void> enforce(HttpServerRequest request, HttpServerResponse response, JMAPRoute.Action action) {
        OptionalLong declared = declaredLength(request);
        if (declared.isPresent()) {
            Optional<LimitViolation> tooLarge = limits.checkDeclaredSize(declared.getAsLong());
            if (tooLarge.isPresent()) {
                if (request.requestHeaders().containsValue(HttpHeaderNames.EXPECT, HttpHeaderValues.CONTINUE, true)) {
                    // The client waits for "100 Continue" before sending the body, so it never comes:
                    // close rather than wait on the connection for bytes that are not on their way.
                    response.keepAlive(false);
                }
                return reject(request, response, tooLarge.get());
            }
        }
        if (declared.isPresent() && declared.getAsLong() <= unauthenticatedBodyLimit) {
            return readAndCheck(request, response, action, declared);
        }
        return authentication.isAuthenticated(request)
            .flatMap(authenticated -> authenticated
                ? readAndCheck(request, response, action, declared)
                : Mono.from(action.handleRequest(ReplayedBodyRequest.of(request, new byte[0]), response)));
    }

    private Mono<Void> readAndCheck(HttpServerRequest request, HttpServerResponse response, JMAPRoute.Action action,
                                    OptionalLong declared) {
        // Grown as bytes arrive, never sized from the declared length alone: a client announcing
        // 10 MB and sending nothing must not make the gateway set 10 MB aside.
        int initialCapacity = (int) Math.min(declared.orElse(INITIAL_BUFFER), Math.min(MAX_INITIAL_BUFFER, limits.maxSizeRequest()));
        return request.receive()
            .asByteArray()
            .reduceWith(() -> new BoundedBody(initialCapacity, limits.maxSizeRequest()), BoundedBody::append)
            .map(BoundedBody::toByteArray)
            .flatMap(body -> limits.checkCalls(body)
                .map(tooManyCalls -> reject(request, response, tooManyCalls))
                .orElseGet(() -> Mono.from(action.handleRequest(ReplayedBodyRequest.of(request, body), response))))
            .onErrorResume(BodyTooLarge.class, e -> reject(request, response, limits.sizeExceeded()));
    }

    private static OptionalLong declaredLength(HttpServerRequest request) {
        String contentLength = request.requestHeaders().get(HttpHeaderNames.CONTENT_LENGTH);
        if (contentLength == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(contentLength.trim()));
        } catch (NumberFormatException e) {
            // The HTTP decoder refuses such a request before it gets here; the cap still applies.
            return OptionalLong.empty();
        }
    }

    private static Mono<Void> reject(HttpServerRequest request, HttpServerResponse response, LimitViolation violation) {
        LOGGER.info("Refused a JMAP request from {}: {}", request.remoteAddress(), violation);
        byte[] body = violation.problemDetails();
        JMAPRoute.Action answer = JMAPRoutes.corsHeaders((req, res) -> res.status(HttpResponseStatus.BAD_REQUEST)
            .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
            .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length))
            .sendByteArray(Mono.just(body)));
        return Mono.from(answer.handleRequest(request, response)).then();
    }

    /** A body being read, refusing to grow beyond the cap. */
    private static final class BoundedBody {
        private final ByteArrayOutputStream bytes;
        private final long cap;

        BoundedBody(int initialCapacity, long cap) {
            this.bytes = new ByteArrayOutputStream(Math.max(initialCapacity, 0));
            this.cap = cap;
        }

        BoundedBody append(byte[] chunk) {
            if (bytes.size() + (long) chunk.length > cap) {
                throw new BodyTooLarge();
            }
            bytes.write(chunk, 0, chunk.length);
            return this;
        }

        byte[] toByteArray() {
            return bytes.toByteArray();
        }
    }

    /** Ends the reading of a body that went over the cap (no stack trace: it is an answer, not a fault). */
    private static final class BodyTooLarge extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BodyTooLarge() {
            super("maxSizeRequest exceeded", null, false, false);
        }
    }
}
