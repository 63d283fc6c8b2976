package io.emergencyinbox.core.engine;

import java.util.concurrent.atomic.AtomicInteger;

/** Counts what the engine reports, as the server's MetricFactory would. */
final class RecordingMetrics implements ContinuityMetrics {
    private final AtomicInteger spooled = new AtomicInteger();
    private final AtomicInteger relayed = new AtomicInteger();
    private final AtomicInteger drained = new AtomicInteger();
    private final AtomicInteger bounced = new AtomicInteger();

    @Override
    public void spooled(int recipients) {
        spooled.addAndGet(recipients);
    }

    @Override
    public void relayed(int recipients) {
        relayed.addAndGet(recipients);
    }

    @Override
    public void drained(int recipients) {
        drained.addAndGet(recipients);
    }

    @Override
    public void bounced(int recipients) {
        bounced.addAndGet(recipients);
    }

    int spooled() {
        return spooled.get();
    }

    int relayed() {
        return relayed.get();
    }

    int drained() {
        return drained.get();
    }

    int bounced() {
        return bounced.get();
    }
}
