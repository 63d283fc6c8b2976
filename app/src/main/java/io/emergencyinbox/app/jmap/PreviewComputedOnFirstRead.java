package io.emergencyinbox.app.jmap;

import javax.inject.Inject;

import org.apache.james.events.Event;
import org.apache.james.jmap.api.projections.MessageFastViewPrecomputedProperties;
import org.apache.james.jmap.api.projections.MessageFastViewProjection;
import org.apache.james.jmap.event.ComputeMessageFastViewProjectionListener;
import org.apache.james.mailbox.MessageIdManager;
import org.apache.james.mailbox.SessionProvider;

import reactor.core.publisher.Mono;

/**
 * Takes the place of James's {@link ComputeMessageFastViewProjectionListener}, which reads every appended
 * message whole and parses it to store its JMAP preview: here nothing happens when a message arrives. James's
 * {@code Email/get} computes the preview of a message it finds without one and stores it then
 * ({@code EmailFastViewReader}), so a preview costs something only when someone lists the message. Most of an
 * Emergency Inbox is never listed before the spool drains, and its copies arrive in bursts while senders wait
 * for the gateway's answer (docs/adr/0058-previews-computed-on-first-read.md).
 */
public class PreviewComputedOnFirstRead extends ComputeMessageFastViewProjectionListener {
    @Inject
    public PreviewComputedOnFirstRead(SessionProvider sessionProvider, MessageIdManager messageIdManager,
                                      MessageFastViewProjection projection, MessageFastViewPrecomputedProperties.Factory factory) {
        super(sessionProvider, messageIdManager, projection, factory);
    }

    @Override
    public boolean isHandling(Event event) {
        return false;
    }

    @Override
    public Mono<Void> reactiveEvent(Event event) {
        return Mono.empty();
    }
}
