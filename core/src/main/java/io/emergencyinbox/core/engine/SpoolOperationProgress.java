package io.emergencyinbox.core.engine;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of a long spool operation (flush, purge), read while it runs to report progress. */
public final class SpoolOperationProgress {
    private final AtomicLong examined = new AtomicLong();
    private final AtomicLong changed = new AtomicLong();
    private final AtomicLong recipients = new AtomicLong();

    void examined() {
        examined.incrementAndGet();
    }

    void changed(int recipientCount) {
        changed.incrementAndGet();
        recipients.addAndGet(recipientCount);
    }

    /** Spool entries looked at so far. */
    public long examinedEntries() {
        return examined.get();
    }

    /** Entries rescheduled (flush) or returned to their sender (purge). */
    public long changedEntries() {
        return changed.get();
    }

    /** Recipients of the changed entries. */
    public long recipients() {
        return recipients.get();
    }
}
