package io.emergencyinbox.webadmin.access;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.inject.Named;

import org.apache.james.core.Username;
import org.apache.james.jwt.JwtTokenVerifier;
import org.apache.james.webadmin.authentication.AuthenticationFilter;
import org.apache.james.webadmin.authentication.NoAuthenticationFilter;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.eclipse.jetty.http.HttpStatus;

import io.emergencyinbox.core.access.Role;
import io.emergencyinbox.core.access.RoleStore;
import io.emergencyinbox.core.organisation.Organisation;
import io.emergencyinbox.core.organisation.OrganisationStore;
import spark.Filter;
import spark.Request;
import spark.Response;

/**
 * Authenticates and authorises every call to {@code /continuity}. With WebAdmin authentication
 * off (the loopback default) the caller is the operator. With it on, a bearer JWT signed with
 * WebAdmin's key is required: {@code "admin": true} makes the caller the operator; otherwise its
 * subject is a user whose roles (read now, so a revocation applies to the next request) decide
 * what they may call ({@link WebAdminAccessRules}).
 */
public class ContinuityAccessFilter implements Filter {
    public static final String PRINCIPAL = "io.emergencyinbox.principal";

    private final boolean authenticationRequired;
    private final JwtTokenVerifier.Factory verifiers;
    private final RoleStore roles;
    private final OrganisationStore organisations;

    @Inject
    public ContinuityAccessFilter(AuthenticationFilter jamesFilter, @Named("webadmin") JwtTokenVerifier.Factory verifiers,
                                  RoleStore roles, OrganisationStore organisations) {
        this.authenticationRequired = !(jamesFilter instanceof NoAuthenticationFilter);
        this.verifiers = verifiers;
        this.roles = roles;
        this.organisations = organisations;
    }

    @Override
    public void handle(Request request, Response response) {
        if (request.requestMethod().equals("OPTIONS")) {
            return;
        }
        ContinuityPrincipal principal = principal(request);
        request.attribute(PRINCIPAL, principal);
        WebAdminAccessRules.Decision decision = WebAdminAccessRules.decide(principal, request.requestMethod(), request.pathInfo(),
            organisation -> organisations.get(organisation).blockOptional().flatMap(Organisation::partner),
            Optional.ofNullable(request.queryParams("organisation")));
        if (decision == WebAdminAccessRules.Decision.FORBIDDEN) {
            throw ErrorResponder.builder()
                .statusCode(HttpStatus.FORBIDDEN_403)
                .type(ErrorResponder.ErrorType.INVALID_ARGUMENT)
                .message(principal.user().map(Username::asString).orElse("?") + " may not " + request.requestMethod() + " "
                    + request.pathInfo() + " (roles: " + describe(principal.roles()) + ")")
                .haltError();
        }
    }

    /** The principal stored by the filter for this request. */
    public static ContinuityPrincipal of(Request request) {
        ContinuityPrincipal principal = request.attribute(PRINCIPAL);
        return principal == null ? ContinuityPrincipal.OPERATOR : principal;
    }

    private ContinuityPrincipal principal(Request request) {
        if (!authenticationRequired) {
            return ContinuityPrincipal.OPERATOR;
        }
        String token = Optional.ofNullable(request.headers("Authorization"))
            .filter(header -> header.startsWith("Bearer "))
            .map(header -> header.substring("Bearer ".length()).trim())
            .orElseThrow(() -> unauthorized("A bearer token is required"));
        JwtTokenVerifier verifier = verifiers.create();
        String subject = verifier.verifyAndExtractLogin(token).orElseThrow(() -> unauthorized("Invalid or expired token"));
        if (verifier.hasAttribute("admin", true, token)) {
            return ContinuityPrincipal.OPERATOR;
        }
        Username user = Username.of(subject);
        return ContinuityPrincipal.scoped(user, roles.rolesOf(user).collect(Collectors.toSet()).block());
    }

    private static RuntimeException unauthorized(String message) {
        return ErrorResponder.builder()
            .statusCode(HttpStatus.UNAUTHORIZED_401)
            .type(ErrorResponder.ErrorType.INVALID_ARGUMENT)
            .message(message)
            .haltError();
    }

    private static String describe(Set<Role> roles) {
        return roles.isEmpty() ? "none" : roles.stream().map(Role::toString).sorted().collect(Collectors.joining(", "));
    }
}
