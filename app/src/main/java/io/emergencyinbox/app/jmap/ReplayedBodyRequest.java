package io.emergencyinbox.app.jmap;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import reactor.core.publisher.Flux;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.server.HttpServerRequest;

/**
 * A request whose body was already read ({@link RequestLimitGuard}): everything is the original
 * request's, except that reading the body gives the bytes read, from memory. Methods of the request
 * that return the request itself ({@code paramsResolver}, as James's routes call before their
 * action, and {@code withConnection}) return this view, so the replayed body is never lost on the way.
 */
final class ReplayedBodyRequest implements InvocationHandler {
    private final HttpServerRequest request;
    private final byte[] body;

    static HttpServerRequest of(HttpServerRequest request, byte[] body) {
        return (HttpServerRequest) Proxy.newProxyInstance(HttpServerRequest.class.getClassLoader(),
            new Class<?>[] {HttpServerRequest.class}, new ReplayedBodyRequest(request, body));
    }

    private ReplayedBodyRequest(HttpServerRequest request, byte[] body) {
        this.request = request;
        this.body = body;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        boolean noArguments = args == null || args.length == 0;
        switch (method.getName()) {
            case "receive":
                if (noArguments) {
                    return ByteBufFlux.fromInbound(content());
                }
                break;
            case "receiveObject":
            case "receiveContent":
                if (noArguments) {
                    return content();
                }
                break;
            case "receiveForm":
                throw new UnsupportedOperationException("A JMAP API request is JSON, not a form");
            case "equals":
                return args != null && args.length == 1 && proxy == args[0];
            case "hashCode":
                if (noArguments) {
                    return System.identityHashCode(proxy);
                }
                break;
            default:
                break;
        }
        try {
            Object result = method.invoke(request, args);
            return result == request ? proxy : result;
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** The body as the HTTP server hands it over: one last content, or nothing when empty; fresh buffers per reader. */
    private Flux<HttpContent> content() {
        if (body.length == 0) {
            return Flux.empty();
        }
        return Flux.defer(() -> Flux.just(new DefaultLastHttpContent(Unpooled.wrappedBuffer(body))));
    }
}
