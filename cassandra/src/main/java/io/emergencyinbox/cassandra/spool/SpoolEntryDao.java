package io.emergencyinbox.cassandra.spool;

import static io.emergencyinbox.cassandra.spool.SpoolTables.SPOOL_ENTRIES;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.data.UdtValue;
import com.datastax.oss.driver.api.core.type.ListType;
import com.datastax.oss.driver.api.core.type.UserDefinedType;

import io.emergencyinbox.cassandra.StoreSession;
import io.emergencyinbox.core.message.EnvelopeRecipient;
import io.emergencyinbox.core.message.Notify;
import io.emergencyinbox.core.message.Ret;
import io.emergencyinbox.core.organisation.OrganisationId;
import io.emergencyinbox.core.outage.OutageId;
import io.emergencyinbox.core.spool.AttemptFailure;
import io.emergencyinbox.core.spool.RecipientStatus;
import io.emergencyinbox.core.spool.SpoolEntry;
import io.emergencyinbox.core.spool.SpoolEntryId;
import io.emergencyinbox.core.spool.SpoolRecipient;
import reactor.core.publisher.Mono;

/** The {@code spool_entries} table; every write is a lightweight transaction on the revision. */
class SpoolEntryDao {
    private static final String VALUES = "organisation, sender, ret, envelope_id, recipients, arrival, expiry, attempts, "
        + "next_attempt, last_failure, outage, size, subject, delayed_notices_sent, next_notice_at";

    /** A stored entry with the revision its index rows and the next compare-and-set name. */
    static final class Versioned {
        final SpoolEntry entry;
        final UUID revision;

        Versioned(SpoolEntry entry, UUID revision) {
            this.entry = entry;
            this.revision = revision;
        }
    }

    private final StoreSession session;
    private final PreparedStatement insertIfAbsent;
    private final PreparedStatement replaceIfRevision;
    private final PreparedStatement deleteIfRevision;
    private final PreparedStatement select;
    private final UserDefinedType recipientType;
    private final UserDefinedType failureType;

    SpoolEntryDao(StoreSession session) {
        this.session = session;
        this.insertIfAbsent = session.prepare("INSERT INTO %s (entry_id, revision, " + VALUES
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) IF NOT EXISTS", SPOOL_ENTRIES);
        this.replaceIfRevision = session.prepare("UPDATE %s SET revision = ?, "
            + List.of(VALUES.split(", ")).stream().map(column -> column + " = ?").collect(Collectors.joining(", "))
            + " WHERE entry_id = ? IF revision = ?", SPOOL_ENTRIES);
        this.deleteIfRevision = session.prepare("DELETE FROM %s WHERE entry_id = ? IF revision = ?", SPOOL_ENTRIES);
        this.select = session.prepare("SELECT entry_id, revision, " + VALUES + " FROM %s WHERE entry_id = ?", SPOOL_ENTRIES);
        this.recipientType = (UserDefinedType) ((ListType) insertIfAbsent.getVariableDefinitions().get("recipients").getType())
            .getElementType();
        this.failureType = (UserDefinedType) insertIfAbsent.getVariableDefinitions().get("last_failure").getType();
    }

    /** False when an entry with that id exists. */
    Mono<Boolean> insertIfAbsent(SpoolEntry entry, UUID revision) {
        Object[] values = new Object[17];
        values[0] = entry.id().asUuid();
        values[1] = revision;
        fillValues(entry, values, 2);
        return session.conditional(insertIfAbsent.bind(values)).map(result -> result.applied());
    }

    /** False when the entry was changed or removed since {@code expected} was read. */
    Mono<Boolean> replaceIfRevision(SpoolEntry entry, UUID revision, UUID expected) {
        Object[] values = new Object[18];
        values[0] = revision;
        fillValues(entry, values, 1);
        values[16] = entry.id().asUuid();
        values[17] = expected;
        return session.conditional(replaceIfRevision.bind(values)).map(result -> result.applied());
    }

    Mono<Boolean> deleteIfRevision(SpoolEntryId id, UUID expected) {
        return session.conditional(deleteIfRevision.bind(id.asUuid(), expected)).map(result -> result.applied());
    }

    Mono<Versioned> read(SpoolEntryId id) {
        return session.row(select.bind(id.asUuid())).map(this::versioned);
    }

    /** Read through Paxos, for a writer whose transaction timed out. */
    Mono<Versioned> readSerial(SpoolEntryId id) {
        return session.serialRow(select.bind(id.asUuid())).map(this::versioned);
    }

    private void fillValues(SpoolEntry entry, Object[] values, int from) {
        int i = from;
        values[i++] = entry.organisation().asString();
        values[i++] = entry.sender().asOptional().map(MailAddress::asString).orElse(null);
        values[i++] = entry.ret().map(Ret::name).orElse(null);
        values[i++] = entry.envelopeId().orElse(null);
        values[i++] = entry.recipients().stream().map(this::recipientValue).collect(Collectors.toList());
        values[i++] = entry.arrival();
        values[i++] = entry.expiry();
        values[i++] = entry.attempts();
        values[i++] = entry.nextAttempt();
        values[i++] = entry.lastFailure().map(this::failureValue).orElse(null);
        values[i++] = entry.outage().map(OutageId::asUuid).orElse(null);
        values[i++] = entry.size();
        values[i++] = entry.subject().orElse(null);
        values[i++] = entry.delayedNoticesSent();
        values[i] = entry.nextNoticeAt();
    }

    private UdtValue recipientValue(SpoolRecipient recipient) {
        EnvelopeRecipient envelope = recipient.recipient();
        return recipientType.newValue()
            .setString("address", envelope.address().asString())
            .setSet("notify", envelope.notifyOn().map(values -> values.stream().map(Notify::name).collect(Collectors.toSet()))
                .orElse(null), String.class)
            .setString("original_recipient", envelope.originalRecipient().orElse(null))
            .setString("status", recipient.status().name())
            .setUdtValue("last_failure", recipient.lastFailure().map(this::failureValue).orElse(null))
            .setString("inbox_copy", recipient.inboxCopy().orElse(null));
    }

    private UdtValue failureValue(AttemptFailure failure) {
        UdtValue value = failureType.newValue()
            .setInstant("at", failure.at())
            .setString("remote_mta", failure.remoteMta().orElse(null))
            .setString("enhanced_status", failure.enhancedStatus().orElse(null))
            .setString("diagnostic", failure.diagnostic());
        return failure.replyCode().map(code -> value.setInt("reply_code", code)).orElse(value);
    }

    private Versioned versioned(Row row) {
        SpoolEntry entry = SpoolEntry.builder()
            .id(SpoolEntryId.of(row.getUuid("entry_id")))
            .organisation(OrganisationId.of(row.getString("organisation")))
            .sender(Optional.ofNullable(row.getString("sender")).map(SpoolEntryDao::address).map(MaybeSender::of)
                .orElse(MaybeSender.nullSender()))
            .ret(Optional.ofNullable(row.getString("ret")).map(Ret::valueOf))
            .envelopeId(Optional.ofNullable(row.getString("envelope_id")))
            .recipients(row.getList("recipients", UdtValue.class).stream().map(SpoolEntryDao::recipient).collect(Collectors.toList()))
            .arrival(row.getInstant("arrival"))
            .expiry(row.getInstant("expiry"))
            .attempts(row.getInt("attempts"))
            .nextAttempt(row.getInstant("next_attempt"))
            .lastFailure(Optional.ofNullable(row.getUdtValue("last_failure")).map(SpoolEntryDao::failure))
            .outage(Optional.ofNullable(row.getUuid("outage")).map(OutageId::of))
            .size(row.getLong("size"))
            .subject(Optional.ofNullable(row.getString("subject")))
            .delayedNoticesSent(row.getInt("delayed_notices_sent"))
            .nextNoticeAt(row.getInstant("next_notice_at"))
            .build();
        return new Versioned(entry, row.getUuid("revision"));
    }

    private static SpoolRecipient recipient(UdtValue value) {
        Set<String> notify = value.getSet("notify", String.class);
        EnvelopeRecipient envelope = new EnvelopeRecipient(address(value.getString("address")),
            notify.isEmpty() ? Optional.empty()
                : Optional.of(notify.stream().map(Notify::valueOf).collect(Collectors.toCollection(() -> EnumSet.noneOf(Notify.class)))),
            Optional.ofNullable(value.getString("original_recipient")));
        return new SpoolRecipient(envelope, RecipientStatus.valueOf(value.getString("status")),
            Optional.ofNullable(value.getUdtValue("last_failure")).map(SpoolEntryDao::failure),
            Optional.ofNullable(value.getString("inbox_copy")));
    }

    private static AttemptFailure failure(UdtValue value) {
        return new AttemptFailure(value.getInstant("at"), Optional.ofNullable(value.getString("remote_mta")),
            value.isNull("reply_code") ? Optional.empty() : Optional.of(value.getInt("reply_code")),
            Optional.ofNullable(value.getString("enhanced_status")), value.getString("diagnostic"));
    }

    private static MailAddress address(String value) {
        try {
            return new MailAddress(value);
        } catch (AddressException e) {
            throw new IllegalStateException("Unreadable address in " + SPOOL_ENTRIES.name() + ": " + value, e);
        }
    }
}
