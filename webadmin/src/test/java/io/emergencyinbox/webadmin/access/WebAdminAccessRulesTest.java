package io.emergencyinbox.webadmin.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.james.core.Username;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.emergencyinbox.core.access.Role;
import io.emergencyinbox.core.organisation.OrganisationId;
import io.emergencyinbox.core.organisation.PartnerId;

class WebAdminAccessRulesTest {
    private static final Map<String, ContinuityPrincipal> PRINCIPALS = Map.of(
        "operator", ContinuityPrincipal.OPERATOR,
        "acme-admin", ContinuityPrincipal.scoped(Username.of("admin@acme.test"), Set.of(Role.organisationAdmin(OrganisationId.of("acme")))),
        "partner", ContinuityPrincipal.scoped(Username.of("pat@channel.test"), Set.of(Role.partnerAdmin(PartnerId.of("channel")))),
        "user", ContinuityPrincipal.scoped(Username.of("alice@acme.test"), Set.of()));
    private static final Map<String, PartnerId> PARTNERS = Map.of("acme", PartnerId.of("channel"), "globex", PartnerId.of("channel"));

    @ParameterizedTest(name = "{0} {1} {2} ?organisation={3} -> {4}")
    @CsvSource({
        "operator,   POST,   /continuity/organisations,                        , ALLOWED",
        "operator,   DELETE, /continuity/organisations/acme,                   , ALLOWED",
        "operator,   PUT,    /continuity/organisations/acme/admins/x@acme.test, , ALLOWED",
        "acme-admin, GET,    /continuity/organisations,                        , ALLOWED",
        "acme-admin, GET,    /continuity/organisations/acme,                   , ALLOWED",
        "acme-admin, GET,    /continuity/organisations/acme/status,            , ALLOWED",
        "acme-admin, PUT,    /continuity/organisations/acme/route,             , ALLOWED",
        "acme-admin, PUT,    /continuity/organisations/acme/policy,            , ALLOWED",
        "acme-admin, POST,   /continuity/organisations/acme/outages,           , ALLOWED",
        "acme-admin, DELETE, /continuity/organisations/acme/outages/current,   , ALLOWED",
        "acme-admin, GET,    /continuity/organisations/acme/spool,             , ALLOWED",
        "acme-admin, DELETE, /continuity/organisations/acme/spool,             , ALLOWED",
        "acme-admin, GET,    /continuity/organisations/acme/admins,            , ALLOWED",
        "acme-admin, PUT,    /continuity/organisations/acme/admins/x@acme.test, , FORBIDDEN",
        "acme-admin, PUT,    /continuity/organisations/acme/domains/x.test,    , FORBIDDEN",
        "acme-admin, DELETE, /continuity/organisations/acme,                   , FORBIDDEN",
        "acme-admin, POST,   /continuity/organisations,                        , FORBIDDEN",
        "acme-admin, GET,    /continuity/organisations/globex,                 , FORBIDDEN",
        "acme-admin, GET,    /continuity/organisations/globex/spool,           , FORBIDDEN",
        "acme-admin, GET,    /continuity/audit,                                acme, ALLOWED",
        "acme-admin, GET,    /continuity/audit,                                globex, FORBIDDEN",
        "acme-admin, GET,    /continuity/audit,                                , FORBIDDEN",
        "acme-admin, GET,    /continuity/partners,                             , FORBIDDEN",
        "acme-admin, GET,    /continuity/users/alice@acme.test/roles,          , FORBIDDEN",
        "partner,    GET,    /continuity/organisations/acme,                   , ALLOWED",
        "partner,    PUT,    /continuity/organisations/globex/route,           , ALLOWED",
        "partner,    POST,   /continuity/organisations/globex/outages,         , ALLOWED",
        "partner,    GET,    /continuity/organisations/acme/spool,             , FORBIDDEN",
        "partner,    POST,   /continuity/organisations/acme/spool,             , FORBIDDEN",
        "partner,    PUT,    /continuity/organisations/acme/admins/pat@channel.test, , FORBIDDEN",
        "partner,    GET,    /continuity/organisations/initech,                , FORBIDDEN",
        "partner,    GET,    /continuity/audit,                                acme, FORBIDDEN",
        "partner,    DELETE, /continuity/organisations/acme,                   , FORBIDDEN",
        "user,       GET,    /continuity/organisations/acme,                   , FORBIDDEN",
        "user,       GET,    /continuity/organisations/acme/status,            , FORBIDDEN",
        "user,       GET,    /continuity/organisations,                        , ALLOWED",
        "acme-admin, GET,    /continuity/outages/0b9e1b52-0000-0000-0000-000000000000, , FORBIDDEN",
    })
    void eachPrincipalShouldReachExactlyItsRoutes(String principal, String method, String path, String organisation, String expected) {
        WebAdminAccessRules.Decision decision = WebAdminAccessRules.decide(PRINCIPALS.get(principal), method, path,
            id -> Optional.ofNullable(PARTNERS.get(id.asString())), Optional.ofNullable(organisation));

        assertThat(decision).isEqualTo(WebAdminAccessRules.Decision.valueOf(expected));
    }
}
