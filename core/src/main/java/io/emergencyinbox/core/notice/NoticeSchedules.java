package io.emergencyinbox.core.notice;

import javax.inject.Inject;

import io.emergencyinbox.core.config.ContinuityPolicy;
import io.emergencyinbox.core.organisation.OrganisationId;
import reactor.core.publisher.Mono;

/** The notice schedule that applies to an organisation's mail. */
public class NoticeSchedules {
    private final NoticeSchedule defaultSchedule;

    @Inject
    public NoticeSchedules(ContinuityPolicy policy) {
        this.defaultSchedule = new NoticeSchedule(policy.firstDelayedNotice(), policy.delayedNoticeInterval(), policy.maxSpoolAge());
    }

    public Mono<NoticeSchedule> of(OrganisationId organisation) {
        return Mono.just(defaultSchedule);
    }
}
