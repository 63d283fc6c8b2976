package io.emergencyinbox.core.spool;

public class SpoolContentNotFoundException extends RuntimeException {
    public SpoolContentNotFoundException(SpoolEntryId id) {
        super("No content is stored for spool entry " + id.asString());
    }
}
