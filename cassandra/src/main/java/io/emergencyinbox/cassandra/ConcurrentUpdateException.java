package io.emergencyinbox.cassandra;

/** A compare-and-set loop lost to other writers more times than it is allowed to retry. */
public class ConcurrentUpdateException extends RuntimeException {
    public ConcurrentUpdateException(String what, int attempts) {
        super(what + " was changed by other writers " + attempts + " times in a row; giving up");
    }
}
