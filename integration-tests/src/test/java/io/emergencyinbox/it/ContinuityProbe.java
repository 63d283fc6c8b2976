package io.emergencyinbox.it;

import javax.inject.Inject;

import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.utils.GuiceProbe;

import io.emergencyinbox.core.engine.DrainScheduler;
import io.emergencyinbox.core.engine.HealthProber;
import io.emergencyinbox.core.engine.NoticeScheduler;
import io.emergencyinbox.core.outage.OutageStore;
import io.emergencyinbox.core.spool.SpoolStore;

/** Gives tests the gateway's own components, to look inside and to run work now instead of waiting. */
public class ContinuityProbe implements GuiceProbe {
    private final SpoolStore spool;
    private final OutageStore outages;
    private final DrainScheduler drains;
    private final HealthProber prober;
    private final NoticeScheduler notices;
    private final MetricFactory metrics;

    @Inject
    public ContinuityProbe(SpoolStore spool, OutageStore outages, DrainScheduler drains, HealthProber prober, NoticeScheduler notices,
                           MetricFactory metrics) {
        this.metrics = metrics;
        this.spool = spool;
        this.outages = outages;
        this.drains = drains;
        this.prober = prober;
        this.notices = notices;
    }

    /** The count of one of the gateway's metrics, e.g. {@code emergencyinbox.spooled}. */
    public long metric(String name) {
        return metrics.generate(name).getCount();
    }

    public SpoolStore spool() {
        return spool;
    }

    public OutageStore outages() {
        return outages;
    }

    public DrainScheduler drains() {
        return drains;
    }

    public HealthProber prober() {
        return prober;
    }

    public NoticeScheduler notices() {
        return notices;
    }
}
