package io.emergencyinbox.core.spool;

public class SpoolEntryNotFoundException extends RuntimeException {
    public SpoolEntryNotFoundException(SpoolEntryId id) {
        super("Spool entry " + id.asString() + " does not exist");
    }
}
