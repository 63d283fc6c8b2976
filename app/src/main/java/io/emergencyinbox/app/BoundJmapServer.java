package io.emergencyinbox.app;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Optional;
import java.util.Set;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.inject.Named;

import org.apache.james.jmap.JMAPConfiguration;
import org.apache.james.jmap.JMAPRoute;
import org.apache.james.jmap.JMAPRoutesHandler;
import org.apache.james.jmap.JMAPServer;
import org.apache.james.jmap.VersionParser;
import org.apache.james.jmap.http.Authenticator;
import org.apache.james.jmap.http.rfc8621.InjectionKeys;
import org.apache.james.util.Port;
import org.reactivestreams.Publisher;

import io.emergencyinbox.app.jmap.JmapRequestLimits;
import io.emergencyinbox.app.jmap.RequestAuthentication;
import io.emergencyinbox.app.jmap.RequestLimitGuard;
import io.emergencyinbox.app.jmap.WebSocketCallLimit;

import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * James 3.8.1's JMAP server always listens on every interface. This one listens on the address
 * given by {@code jmap.host} in {@code jmap.properties} (our addition; every interface when absent),
 * and otherwise serves exactly James's routes, through James's own request dispatch
 * (docs/adr/0007-jmap-listen-address.md). Requests to the JMAP API endpoint, and over the JMAP WebSocket,
 * are held to the limits the session advertises, which James does not enforce (docs/adr/0015-jmap-request-limits.md).
 */
public class BoundJmapServer extends JMAPServer {
    public static final String HOST = "jmap.host";

    private final JMAPConfiguration configuration;
    private final Optional<String> host;
    private final Method dispatch;
    private final RequestLimitGuard requestLimits;
    private final WebSocketCallLimit webSocketCallLimit = new WebSocketCallLimit(JmapRequestLimits.ADVERTISED);
    private Optional<DisposableServer> server = Optional.empty();

    @Inject
    public BoundJmapServer(JMAPConfiguration configuration, Set<JMAPRoutesHandler> jmapRoutesHandlers, VersionParser versionParser,
                           @Named(HOST) Optional<String> host, @Named(InjectionKeys.RFC_8621) Authenticator authenticator) {
        super(configuration, jmapRoutesHandlers, versionParser);
        this.configuration = configuration;
        this.host = host;
        this.requestLimits = new RequestLimitGuard(JmapRequestLimits.ADVERTISED, RequestAuthentication.by(authenticator));
        try {
            this.dispatch = JMAPServer.class.getDeclaredMethod("handleVersionRoute", HttpServerRequest.class);
            this.dispatch.setAccessible(true);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("This James version's JMAPServer has no handleVersionRoute: update BoundJmapServer", e);
        }
    }

    @Override
    public void start() {
        if (!configuration.isEnabled()) {
            return;
        }
        HttpServer http = HttpServer.create()
            .port(configuration.getPort().map(Port::getValue).orElse(0))
            .handle(this::serve);
        if (host.isPresent()) {
            http = http.host(host.get());
        }
        server = Optional.of(http.bindNow());
    }

    private Publisher<Void> serve(HttpServerRequest request, HttpServerResponse response) {
        JMAPRoute.Action action = route(request);
        if (RequestLimitGuard.isApiRequest(request)) {
            return requestLimits.guard(action).handleRequest(request, response);
        }
        if (WebSocketCallLimit.isWebSocketRequest(request)) {
            return action.handleRequest(request, webSocketCallLimit.guard(response));
        }
        return action.handleRequest(request, response);
    }

    private JMAPRoute.Action route(HttpServerRequest request) {
        try {
            return (JMAPRoute.Action) dispatch.invoke(this, request);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException ? (RuntimeException) cause : new IllegalStateException(cause);
        }
    }

    @Override
    public Port getPort() {
        return server.map(DisposableServer::port)
            .map(Port::of)
            .orElseThrow(() -> new IllegalStateException("The JMAP server is not started or disabled"));
    }

    @Override
    @PreDestroy
    public void stop() {
        server.ifPresent(DisposableServer::disposeNow);
    }
}
