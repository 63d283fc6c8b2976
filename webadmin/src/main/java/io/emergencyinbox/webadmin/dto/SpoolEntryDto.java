package io.emergencyinbox.webadmin.dto;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.google.common.collect.ImmutableList;

import io.emergencyinbox.core.message.Notify;
import io.emergencyinbox.core.message.Ret;
import io.emergencyinbox.core.outage.OutageId;
import io.emergencyinbox.core.spool.AttemptFailure;
import io.emergencyinbox.core.spool.SpoolEntry;
import io.emergencyinbox.core.spool.SpoolRecipient;

/** One spooled message as operators see it: envelope, age, next attempt, last error. */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public final class SpoolEntryDto {
    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    public static final class FailureDto {
        public final String at;
        public final Optional<String> remoteMta;
        public final String diagnostic;

        FailureDto(AttemptFailure failure) {
            this.at = failure.at().toString();
            this.remoteMta = failure.remoteMta();
            this.diagnostic = failure.diagnostic();
        }
    }

    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    public static final class RecipientDto {
        public final String address;
        public final String status;
        public final Optional<List<String>> notify;
        public final Optional<String> originalRecipient;
        public final Optional<FailureDto> lastFailure;
        public final boolean inEmergencyInbox;

        RecipientDto(SpoolRecipient recipient) {
            this.address = recipient.address().asString();
            this.status = recipient.status().name();
            this.notify = recipient.recipient().notifyOn()
                .map(values -> values.stream().map(Notify::name).sorted().collect(ImmutableList.toImmutableList()));
            this.originalRecipient = recipient.recipient().originalRecipient();
            this.lastFailure = recipient.lastFailure().map(FailureDto::new);
            this.inEmergencyInbox = recipient.inboxCopy().isPresent();
        }
    }

    public final String id;
    public final String sender;
    public final List<RecipientDto> recipients;
    public final Optional<String> ret;
    public final Optional<String> envelopeId;
    public final Optional<String> subject;
    public final long size;
    public final String arrival;
    public final long ageSeconds;
    public final int attempts;
    public final String nextAttempt;
    public final String expiry;
    public final Optional<FailureDto> lastFailure;
    public final Optional<String> outage;
    public final int delayedNoticesSent;

    public SpoolEntryDto(SpoolEntry entry, Instant now) {
        this.id = entry.id().asString();
        this.sender = entry.sender().asString("");
        this.recipients = entry.recipients().stream().map(RecipientDto::new).collect(ImmutableList.toImmutableList());
        this.ret = entry.ret().map(Ret::name);
        this.envelopeId = entry.envelopeId();
        this.subject = entry.subject();
        this.size = entry.size();
        this.arrival = entry.arrival().toString();
        this.ageSeconds = Math.max(0, Duration.between(entry.arrival(), now).toSeconds());
        this.attempts = entry.attempts();
        this.nextAttempt = entry.nextAttempt().toString();
        this.expiry = entry.expiry().toString();
        this.lastFailure = entry.lastFailure().map(FailureDto::new);
        this.outage = entry.outage().map(OutageId::asString);
        this.delayedNoticesSent = entry.delayedNoticesSent();
    }
}
