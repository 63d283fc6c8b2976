package io.emergencyinbox.core.access;

import java.util.Objects;

import io.emergencyinbox.core.organisation.OrganisationId;
import io.emergencyinbox.core.organisation.PartnerId;

/**
 * An administrative role. Every user is an end user of their own account; roles add rights:
 * an organisation admin opens the accounts of that organisation's users, a partner admin manages
 * the settings of the partner's organisations but never reads mail.
 */
public final class Role {
    public enum Kind {
        ORG_ADMIN, PARTNER_ADMIN
    }

    public static Role organisationAdmin(OrganisationId organisation) {
        return new Role(Kind.ORG_ADMIN, organisation.asString());
    }

    public static Role partnerAdmin(PartnerId partner) {
        return new Role(Kind.PARTNER_ADMIN, partner.asString());
    }

    /** @throws IllegalArgumentException on an unknown kind or an invalid scope */
    public static Role of(String kind, String scope) {
        Kind parsed = Kind.valueOf(kind);
        return parsed == Kind.ORG_ADMIN ? organisationAdmin(OrganisationId.of(scope)) : partnerAdmin(PartnerId.of(scope));
    }

    private final Kind kind;
    private final String scope;

    private Role(Kind kind, String scope) {
        this.kind = kind;
        this.scope = scope;
    }

    public Kind kind() {
        return kind;
    }

    /** The organisation (ORG_ADMIN) or partner (PARTNER_ADMIN) id. */
    public String scope() {
        return scope;
    }

    public boolean isAdminOf(OrganisationId organisation) {
        return kind == Kind.ORG_ADMIN && scope.equals(organisation.asString());
    }

    public boolean isAdminOfPartner(PartnerId partner) {
        return kind == Kind.PARTNER_ADMIN && scope.equals(partner.asString());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Role && ((Role) o).kind == kind && ((Role) o).scope.equals(scope);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, scope);
    }

    @Override
    public String toString() {
        return kind + "(" + scope + ")";
    }
}
