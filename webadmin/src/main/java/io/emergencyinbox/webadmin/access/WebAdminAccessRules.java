package io.emergencyinbox.webadmin.access;

import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.emergencyinbox.core.organisation.OrganisationId;
import io.emergencyinbox.core.organisation.PartnerId;

/**
 * Which of our WebAdmin routes a principal may call (docs/adr/0014-scoped-webadmin-access.md).
 * The operator may call everything. An organisation admin manages their organisation's settings,
 * outages and spool, and reads its audit. A partner admin manages the settings and outages of the
 * partner's organisations, but sees neither their spool nor their audit (never mail). Only the
 * operator creates or deletes organisations and partners, assigns domains, and grants roles: an
 * admin can therefore never widen their own rights.
 */
public final class WebAdminAccessRules {
    private static final Pattern ORGANISATION_PATH = Pattern.compile("^/continuity/organisations/([^/]+)(?:/([^/]+))?(?:/.*)?$");
    /** Sections of an organisation both kinds of scoped admin manage. */
    private static final Set<String> SETTINGS = Set.of("status", "health", "outages", "route", "policy");

    public enum Decision {
        ALLOWED, FORBIDDEN
    }

    private WebAdminAccessRules() {
    }

    /**
     * @param partnerOf the partner of an organisation (empty for an unknown organisation or none)
     * @param organisationParameter the {@code organisation} query parameter, for the audit route
     */
    public static Decision decide(ContinuityPrincipal principal, String method, String path,
                                  Function<OrganisationId, Optional<PartnerId>> partnerOf, Optional<String> organisationParameter) {
        if (principal.isOperator()) {
            return Decision.ALLOWED;
        }
        if (path.equals("/continuity/organisations") && method.equals("GET")) {
            return Decision.ALLOWED; // the list is filtered to what the principal may see
        }
        if (path.equals("/continuity/audit") && method.equals("GET")) {
            return organisationParameter.flatMap(WebAdminAccessRules::organisationId)
                .filter(organisation -> administers(principal, organisation))
                .map(organisation -> Decision.ALLOWED).orElse(Decision.FORBIDDEN);
        }
        Matcher matcher = ORGANISATION_PATH.matcher(path);
        if (!matcher.matches()) {
            return Decision.FORBIDDEN;
        }
        Optional<OrganisationId> organisation = organisationId(matcher.group(1));
        if (organisation.isEmpty()) {
            return Decision.FORBIDDEN;
        }
        String section = Optional.ofNullable(matcher.group(2)).orElse("");
        boolean orgAdmin = administers(principal, organisation.get());
        boolean partnerAdmin = partnerOf.apply(organisation.get())
            .map(partner -> principal.roles().stream().anyMatch(role -> role.isAdminOfPartner(partner)))
            .orElse(false);
        if (section.isEmpty()) {
            return method.equals("GET") && (orgAdmin || partnerAdmin) ? Decision.ALLOWED : Decision.FORBIDDEN;
        }
        if (SETTINGS.contains(section)) {
            return orgAdmin || partnerAdmin ? Decision.ALLOWED : Decision.FORBIDDEN;
        }
        if (section.equals("spool")) {
            return orgAdmin ? Decision.ALLOWED : Decision.FORBIDDEN;
        }
        if (section.equals("admins") && method.equals("GET")) {
            return orgAdmin || partnerAdmin ? Decision.ALLOWED : Decision.FORBIDDEN;
        }
        return Decision.FORBIDDEN;
    }

    /** Whether the principal may see the organisation in lists. */
    public static boolean sees(ContinuityPrincipal principal, OrganisationId organisation, Optional<PartnerId> partner) {
        return principal.isOperator() || administers(principal, organisation)
            || partner.map(id -> principal.roles().stream().anyMatch(role -> role.isAdminOfPartner(id))).orElse(false);
    }

    private static boolean administers(ContinuityPrincipal principal, OrganisationId organisation) {
        return principal.roles().stream().anyMatch(role -> role.isAdminOf(organisation));
    }

    private static Optional<OrganisationId> organisationId(String value) {
        try {
            return Optional.of(OrganisationId.of(value));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
