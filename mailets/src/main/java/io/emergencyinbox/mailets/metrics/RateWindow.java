package io.emergencyinbox.mailets.metrics;

import java.time.Clock;

/** Events per second over the last few whole seconds, cheap enough to count every delivery. */
final class RateWindow {
    private final Clock clock;
    private final int seconds;
    private final long[] counts;
    private final long[] stamps;

    RateWindow(Clock clock, int seconds) {
        this.clock = clock;
        this.seconds = seconds;
        this.counts = new long[seconds + 1];
        this.stamps = new long[seconds + 1];
    }

    synchronized void add(int events) {
        long second = clock.millis() / 1000;
        int slot = (int) (second % counts.length);
        if (stamps[slot] != second) {
            stamps[slot] = second;
            counts[slot] = 0;
        }
        counts[slot] += events;
    }

    /** Average events per second over the last complete seconds of the window. */
    synchronized double perSecond() {
        long now = clock.millis() / 1000;
        long total = 0;
        for (int slot = 0; slot < counts.length; slot++) {
            long age = now - stamps[slot];
            if (age >= 1 && age <= seconds) {
                total += counts[slot];
            }
        }
        return (double) total / seconds;
    }
}
