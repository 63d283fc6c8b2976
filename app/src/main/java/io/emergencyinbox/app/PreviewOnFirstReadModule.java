package io.emergencyinbox.app;

import org.apache.james.jmap.event.ComputeMessageFastViewProjectionListener;

import com.google.inject.AbstractModule;

import io.emergencyinbox.app.jmap.PreviewComputedOnFirstRead;

/** JMAP previews are computed when a message is first read, not when it is appended (ADR 58). */
public class PreviewOnFirstReadModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(ComputeMessageFastViewProjectionListener.class).to(PreviewComputedOnFirstRead.class);
    }
}
