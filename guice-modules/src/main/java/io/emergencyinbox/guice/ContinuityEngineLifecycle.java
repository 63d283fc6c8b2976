package io.emergencyinbox.guice;

import javax.annotation.PreDestroy;
import javax.inject.Inject;

import org.apache.james.lifecycle.api.Startable;
import org.apache.james.utils.UserDefinedStartable;

import io.emergencyinbox.core.engine.ContinuityEngine;

/**
 * Starts the continuity engine once James has started, and stops it with James. Our assembly runs
 * {@link #start()} as an initialisation operation ({@link AssemblyRegistrationsModule}); a stock James
 * runs it as the {@code guice.extension.startable} of {@code extensions.properties}. Either way James
 * calls {@link #stop()} on shutdown ({@code @PreDestroy}).
 */
public class ContinuityEngineLifecycle implements Startable, UserDefinedStartable {
    private final ContinuityEngine engine;

    @Inject
    public ContinuityEngineLifecycle(ContinuityEngine engine) {
        this.engine = engine;
    }

    @Override
    public void start() {
        engine.start();
    }

    @PreDestroy
    public void stop() {
        engine.stop();
    }
}
