package io.emergencyinbox.mailets;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.mailet.base.GenericRecipientMatcher;

import io.emergencyinbox.core.organisation.OrganisationStore;

/**
 * Matches recipients in a domain owned by an organisation of the gateway, whose mail goes to that
 * organisation's downstream rather than to local mailboxes or the internet.
 *
 * <pre>{@code <mailet match="io.emergencyinbox.mailets.IsManagedRecipient" class="io.emergencyinbox.mailets.ContinuityDelivery"/>}</pre>
 */
public class IsManagedRecipient extends GenericRecipientMatcher {
    private final OrganisationStore organisations;

    @Inject
    public IsManagedRecipient(OrganisationStore organisations) {
        this.organisations = organisations;
    }

    @Override
    public boolean matchRecipient(MailAddress recipient) {
        return organisations.findByDomain(recipient.getDomain()).blockOptional().isPresent();
    }
}
