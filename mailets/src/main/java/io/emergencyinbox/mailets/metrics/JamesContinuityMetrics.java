package io.emergencyinbox.mailets.metrics;

import java.time.Clock;
import java.time.Duration;

import javax.inject.Inject;

import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.metrics.api.Metric;
import org.apache.james.metrics.api.MetricFactory;

import io.emergencyinbox.core.engine.ContinuityMetrics;
import io.emergencyinbox.core.spool.SpoolStore;

/**
 * Publishes the engine's counters and the spool's gauges through James's metrics (visible on
 * WebAdmin {@code /metrics} and JMX):
 * {@code emergencyinbox.spooled}, {@code .relayed}, {@code .drained}, {@code .bounced} (recipients) and
 * gauges {@code emergencyinbox.spool.size} (entries), {@code emergencyinbox.spool.oldestAgeSeconds} and
 * {@code emergencyinbox.drained.perSecond} (spooled recipients delivered per second, over the last 10 s).
 */
public class JamesContinuityMetrics implements ContinuityMetrics {
    private final Metric spooled;
    private final Metric relayed;
    private final Metric drained;
    private final Metric bounced;
    private final RateWindow drainRate;

    @Inject
    public JamesContinuityMetrics(MetricFactory metricFactory, GaugeRegistry gauges, SpoolStore spool, Clock clock) {
        this.spooled = metricFactory.generate("emergencyinbox.spooled");
        this.relayed = metricFactory.generate("emergencyinbox.relayed");
        this.drained = metricFactory.generate("emergencyinbox.drained");
        this.bounced = metricFactory.generate("emergencyinbox.bounced");
        this.drainRate = new RateWindow(clock, 10);
        gauges.register("emergencyinbox.drained.perSecond", drainRate::perSecond);
        gauges.register("emergencyinbox.spool.size", () -> spool.countAll().block());
        gauges.register("emergencyinbox.spool.oldestAgeSeconds", () -> spool.oldestArrival()
            .map(oldest -> Duration.between(oldest, clock.instant()).toSeconds())
            .defaultIfEmpty(0L)
            .block());
    }

    @Override
    public void spooled(int recipients) {
        spooled.add(recipients);
    }

    @Override
    public void relayed(int recipients) {
        relayed.add(recipients);
    }

    @Override
    public void drained(int recipients) {
        drained.add(recipients);
        drainRate.add(recipients);
    }

    @Override
    public void bounced(int recipients) {
        bounced.add(recipients);
    }
}
