package io.emergencyinbox.core.access;

import io.emergencyinbox.core.organisation.PartnerId;

public class PartnerAlreadyExistsException extends RuntimeException {
    public PartnerAlreadyExistsException(PartnerId id) {
        super("Partner '" + id.asString() + "' already exists");
    }
}
