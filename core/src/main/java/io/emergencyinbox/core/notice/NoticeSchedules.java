package io.emergencyinbox.core.notice;

import javax.inject.Inject;

import io.emergencyinbox.core.config.ContinuityPolicy;
import io.emergencyinbox.core.organisation.OrganisationId;
import io.emergencyinbox.core.policy.OrganisationPolicyStore;
import reactor.core.publisher.Mono;

/** The notice schedule that applies to an organisation's mail: the gateway's, with the organisation's overrides. */
public class NoticeSchedules {
    private final NoticeSchedule defaultSchedule;
    private final OrganisationPolicyStore overrides;

    @Inject
    public NoticeSchedules(ContinuityPolicy policy, OrganisationPolicyStore overrides) {
        this.defaultSchedule = new NoticeSchedule(policy.firstDelayedNotice(), policy.delayedNoticeInterval(), policy.maxSpoolAge());
        this.overrides = overrides;
    }

    public NoticeSchedule defaultSchedule() {
        return defaultSchedule;
    }

    public Mono<NoticeSchedule> of(OrganisationId organisation) {
        return overrides.get(organisation).map(organisationOverrides -> organisationOverrides.applyTo(defaultSchedule));
    }
}
