package io.emergencyinbox.webadmin.dto;

import java.time.Instant;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.emergencyinbox.core.outage.Outage;

@JsonInclude(JsonInclude.Include.NON_ABSENT)
public final class OutageDto {
    public final String id;
    public final String organisation;
    public final String start;
    public final Optional<String> end;
    public final String trigger;
    public final Optional<String> reason;
    public final Counters counters;

    public static final class Counters {
        public final long spooled;
        public final long delivered;
        public final long bounced;
        public final long stillSpooled;
        public final long noticesSent;

        private Counters(long spooled, long delivered, long bounced, long stillSpooled, long noticesSent) {
            this.spooled = spooled;
            this.delivered = delivered;
            this.bounced = bounced;
            this.stillSpooled = stillSpooled;
            this.noticesSent = noticesSent;
        }
    }

    private OutageDto(Outage outage) {
        this.id = outage.id().asString();
        this.organisation = outage.organisation().asString();
        this.start = outage.start().toString();
        this.end = outage.end().map(Instant::toString);
        this.trigger = outage.trigger().name();
        this.reason = outage.reason();
        this.counters = new Counters(outage.counters().spooled(), outage.counters().delivered(), outage.counters().bounced(),
            outage.counters().stillSpooled(), outage.counters().noticesSent());
    }

    public static OutageDto of(Outage outage) {
        return new OutageDto(outage);
    }
}
