package io.emergencyinbox.app.jmap;

import org.apache.james.jmap.http.Authenticator;

import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;

/**
 * Whether a JMAP request carries valid credentials, asked by {@link RequestLimitGuard} before it reads
 * a large body. Only a yes or no: the answer to a client without them stays James's own.
 */
@FunctionalInterface
public interface RequestAuthentication {
    /** James's authenticator for RFC 8621 requests: any failure, whatever its cause, is a no. */
    static RequestAuthentication by(Authenticator authenticator) {
        return request -> authenticator.authenticate(request)
            .map(session -> true)
            .defaultIfEmpty(false)
            .onErrorReturn(false);
    }

    Mono<Boolean> isAuthenticated(HttpServerRequest request);
}
