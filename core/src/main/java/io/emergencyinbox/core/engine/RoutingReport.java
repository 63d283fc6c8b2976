package io.emergencyinbox.core.engine;

import java.util.List;
import java.util.Optional;

import org.apache.james.core.MailAddress;

import com.google.common.collect.ImmutableList;

import io.emergencyinbox.core.spool.SpoolEntry;

/** What became of each recipient of an inbound message handed to {@link InboundRouter}. */
public final class RoutingReport {
    private final ImmutableList<MailAddress> relayed;
    private final ImmutableList<MailAddress> bounced;
    private final Optional<SpoolEntry> spooled;

    private final boolean routedBefore;

    public RoutingReport(List<MailAddress> relayed, List<MailAddress> bounced, Optional<SpoolEntry> spooled) {
        this(relayed, bounced, spooled, false);
    }

    private RoutingReport(List<MailAddress> relayed, List<MailAddress> bounced, Optional<SpoolEntry> spooled, boolean routedBefore) {
        this.relayed = ImmutableList.copyOf(relayed);
        this.bounced = ImmutableList.copyOf(bounced);
        this.spooled = spooled;
        this.routedBefore = routedBefore;
    }

    /** The mail was routed before the gateway restarted and handed over again by the mail queue: nothing was done. */
    public static RoutingReport routedBefore() {
        return new RoutingReport(List.of(), List.of(), Optional.empty(), true);
    }

    public boolean wasRoutedBefore() {
        return routedBefore;
    }

    /** Delivered downstream at once. */
    public ImmutableList<MailAddress> relayed() {
        return relayed;
    }

    /** Refused permanently by the downstream; their sender was notified. */
    public ImmutableList<MailAddress> bounced() {
        return bounced;
    }

    /** The committed spool entry holding the other recipients, if any. */
    public Optional<SpoolEntry> spooled() {
        return spooled;
    }

    public ImmutableList<MailAddress> spooledRecipients() {
        return spooled.map(entry -> entry.pendingRecipients().stream().map(r -> r.address()).collect(ImmutableList.toImmutableList()))
            .orElse(ImmutableList.of());
    }
}
