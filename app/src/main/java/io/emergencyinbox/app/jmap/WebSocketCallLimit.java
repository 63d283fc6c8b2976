package io.emergencyinbox.app.jmap;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Optional;
import java.util.function.BiFunction;

import org.apache.james.jmap.Endpoint;
import org.apache.james.jmap.JMAPUrls;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * Holds requests sent over the JMAP WebSocket (RFC 8887, James's {@code GET /jmap/ws}) to
 * {@code maxCallsInRequest}, which James 3.8.1 does not enforce there either. A request over it is not given
 * to James: the client gets an RFC 8887 {@code RequestError} of type {@value LimitViolation#TYPE} with the
 * request's id, and the connection stays open. The size of a WebSocket message is already bounded by the
 * 64 KiB frame aggregation James asks of reactor-netty.
 *
 * <p>James sets up the WebSocket on the response it is given, so the guard wraps that response: the
 * connection handler James passes to {@code sendWebsocket} receives frames with the over-limit requests
 * taken out, and what it sends is merged with the refusals.
 */
public final class WebSocketCallLimit {
    private static final Logger LOGGER = LoggerFactory.getLogger(WebSocketCallLimit.class);
    private static final Endpoint WEBSOCKET_ENDPOINT = Endpoint.ofFixedPath(HttpMethod.GET, JMAPUrls.JMAP_WS);

    private final JmapRequestLimits limits;

    public WebSocketCallLimit(JmapRequestLimits limits) {
        this.limits = limits;
    }

    /** Whether a request opens James's JMAP WebSocket, matched as James matches its route. */
    public static boolean isWebSocketRequest(HttpServerRequest request) {
        return WEBSOCKET_ENDPOINT.matches(request);
    }

    /** The response to give James's WebSocket route in place of the server's own. */
    public HttpServerResponse guard(HttpServerResponse response) {
        return proxy(HttpServerResponse.class, response, (method, args) -> {
            if (method.getName().equals("sendWebsocket") && args != null && args.length >= 1 && args[0] instanceof BiFunction) {
                Object[] guarded = args.clone();
                guarded[0] = guardConnection(handler(args[0]));
                return method.invoke(response, guarded);
            }
            return method.invoke(response, args);
        });
    }

    @SuppressWarnings("unchecked")
    private static BiFunction<WebsocketInbound, WebsocketOutbound, Publisher<Void>> handler(Object handler) {
        return (BiFunction<WebsocketInbound, WebsocketOutbound, Publisher<Void>>) handler;
    }

    private BiFunction<WebsocketInbound, WebsocketOutbound, Publisher<Void>> guardConnection(
            BiFunction<WebsocketInbound, WebsocketOutbound, Publisher<Void>> jamesHandler) {
        return (in, out) -> {
            Sinks.Many<String> refusals = Sinks.many().unicast().onBackpressureBuffer();
            return jamesHandler.apply(inbound(in, refusals), outbound(out, refusals));
        };
    }

    /** The inbound side, its frames (also once aggregated) without the requests over the limit. */
    @SuppressWarnings("unchecked")
    private WebsocketInbound inbound(WebsocketInbound in, Sinks.Many<String> refusals) {
        return proxy(WebsocketInbound.class, in, (method, args) -> {
            switch (method.getName()) {
                case "aggregateFrames":
                    return inbound((WebsocketInbound) method.invoke(in, args), refusals);
                case "receiveFrames":
                    // Not filter(): it hands the frames it drops to the discard hook, which releases them, and
                    // reactor-netty releases every received frame after it was passed on: twice.
                    return ((Flux<WebSocketFrame>) method.invoke(in, args))
                        .flatMap(frame -> admitted(frame, refusals) ? Mono.just(frame) : Mono.<WebSocketFrame>empty())
                        .doFinally(signal -> refusals.tryEmitComplete());
                default:
                    return method.invoke(in, args);
            }
        });
    }

    /** The outbound side: what James sends, and the refusals. */
    private static WebsocketOutbound outbound(WebsocketOutbound out, Sinks.Many<String> refusals) {
        return proxy(WebsocketOutbound.class, out, (method, args) -> {
            if (method.getName().equals("sendString") && args != null && args.length == 1) {
                @SuppressWarnings("unchecked")
                Publisher<String> james = (Publisher<String>) args[0];
                return out.sendString(Flux.merge(james, refusals.asFlux()));
            }
            return method.invoke(out, args);
        });
    }

    private boolean admitted(WebSocketFrame frame, Sinks.Many<String> refusals) {
        if (!(frame instanceof TextWebSocketFrame)) {
            return true;
        }
        byte[] message = ByteBufUtil.getBytes(frame.content());
        Optional<LimitViolation> violation = limits.checkCalls(message);
        if (violation.isEmpty()) {
            return true;
        }
        LOGGER.info("Refused a JMAP WebSocket request: {}", violation.get());
        refusals.tryEmitNext(violation.get().requestError(LimitViolation.requestId(message)));
        return false;
    }

    @FunctionalInterface
    private interface Invocation {
        Object invoke(Method method, Object[] args) throws IllegalAccessException, InvocationTargetException;
    }

    /**
     * A view of the target where the invocation decides; a method returning the target itself (the builder
     * style of {@code headers(...)}, {@code status(...)}, as James's CORS wrapper calls) returns the view.
     */
    private static <T> T proxy(Class<T> type, T target, Invocation invocation) {
        InvocationHandler handler = (proxy, method, args) -> {
            try {
                Object result = invocation.invoke(method, args);
                return result == target ? proxy : result;
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }
}
