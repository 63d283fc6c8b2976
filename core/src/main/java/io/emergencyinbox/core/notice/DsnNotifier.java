package io.emergencyinbox.core.notice;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.emergencyinbox.core.message.ContentSource;
import io.emergencyinbox.core.spool.SpoolEntry;
import io.emergencyinbox.core.spool.SpoolRecipient;
import reactor.core.publisher.Mono;

/**
 * Sends RFC 3464 notices, one report per message for the recipients reported together, honouring
 * RFC 3461: nothing to the null sender, nothing for a recipient whose NOTIFY excludes it. Each
 * notice left unsent for those reasons is logged.
 */
public class DsnNotifier implements SenderNotifier {
    private static final Logger LOGGER = LoggerFactory.getLogger(DsnNotifier.class);

    private final DsnReportBuilder builder;
    private final NoticeTransport transport;
    private final NotifyRules rules;
    private final Clock clock;

    @Inject
    public DsnNotifier(DsnReportBuilder builder, NoticeTransport transport, NotifyRules rules, Clock clock) {
        this.builder = builder;
        this.transport = transport;
        this.rules = rules;
        this.clock = clock;
    }

    @Override
    public Mono<Boolean> failed(SpoolEntry entry, List<SpoolRecipient> recipients, FailureCause cause, ContentSource content) {
        return send(NoticeKind.FAILED, Optional.of(cause), entry, recipients, content);
    }

    @Override
    public Mono<Boolean> delayed(SpoolEntry entry, List<SpoolRecipient> recipients, ContentSource content) {
        return send(NoticeKind.DELAYED, Optional.empty(), entry, recipients, content);
    }

    private Mono<Boolean> send(NoticeKind kind, Optional<FailureCause> cause, SpoolEntry entry, List<SpoolRecipient> recipients,
                               ContentSource content) {
        if (entry.sender().isNullSender()) {
            LOGGER.info("No {} notice for spool entry {} ({}): the sender is <>, RFC 3461 forbids one",
                kind.action(), entry.id(), addresses(recipients));
            return Mono.just(false);
        }
        List<SpoolRecipient> wanted = recipients.stream().filter(recipient -> rules.wants(recipient, kind)).collect(Collectors.toList());
        if (wanted.size() < recipients.size()) {
            LOGGER.info("No {} notice for spool entry {} to {} for {}: their NOTIFY parameter excludes it",
                kind.action(), entry.id(), entry.sender().asString(),
                addresses(recipients.stream().filter(recipient -> !wanted.contains(recipient)).collect(Collectors.toList())));
        }
        if (wanted.isEmpty()) {
            return Mono.just(false);
        }
        return Mono.fromCallable(() -> builder.build(new DsnReportBuilder.Report(kind, cause, entry, wanted, clock.instant()),
                transport.postmaster(), entry.sender().get(), content))
            .flatMap(notice -> transport.send(entry.sender().get(), notice))
            .doOnSuccess(any -> LOGGER.info("Sent {} notice for spool entry {} to {} for {}",
                kind.action(), entry.id(), entry.sender().asString(), addresses(wanted)))
            .thenReturn(true);
    }

    private static String addresses(List<SpoolRecipient> recipients) {
        return recipients.stream().map(recipient -> recipient.address().asString()).collect(Collectors.joining(", "));
    }
}
