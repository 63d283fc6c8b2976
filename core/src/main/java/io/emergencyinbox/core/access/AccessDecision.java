package io.emergencyinbox.core.access;

import java.util.Optional;

import io.emergencyinbox.core.organisation.OrganisationId;

/** Whether a user may open an account, and why. */
public final class AccessDecision {
    public enum Grant {
        /** The user's own account. */
        OWN_ACCOUNT,
        /** The user administers the account owner's organisation. */
        ORGANISATION_ADMIN,
        /** Anything else. */
        REFUSED
    }

    private final Grant grant;
    private final Optional<OrganisationId> targetOrganisation;

    public AccessDecision(Grant grant, Optional<OrganisationId> targetOrganisation) {
        this.grant = grant;
        this.targetOrganisation = targetOrganisation;
    }

    public boolean allowed() {
        return grant != Grant.REFUSED;
    }

    public Grant grant() {
        return grant;
    }

    /** The organisation owning the target account's domain, when one does. */
    public Optional<OrganisationId> targetOrganisation() {
        return targetOrganisation;
    }

    public String reason() {
        switch (grant) {
            case OWN_ACCOUNT:
                return "own account";
            case ORGANISATION_ADMIN:
                return "administrator of " + targetOrganisation.map(OrganisationId::asString).orElse("?");
            default:
                return targetOrganisation.map(id -> "not an administrator of " + id.asString())
                    .orElse("account outside any organisation");
        }
    }

    @Override
    public String toString() {
        return grant + "(" + reason() + ")";
    }
}
