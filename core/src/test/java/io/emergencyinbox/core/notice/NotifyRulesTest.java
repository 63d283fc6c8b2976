package io.emergencyinbox.core.notice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.james.core.MailAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.emergencyinbox.core.message.EnvelopeRecipient;
import io.emergencyinbox.core.message.Notify;
import io.emergencyinbox.core.spool.SpoolRecipient;

class NotifyRulesTest {

    /** {@code ABSENT} for a RCPT without NOTIFY, else the values joined by '+'. */
    private static SpoolRecipient recipient(String notify) throws Exception {
        Optional<Set<Notify>> values = notify.equals("ABSENT")
            ? Optional.empty()
            : Optional.of(EnumSet.copyOf(Arrays.stream(notify.split("\\+")).map(Notify::valueOf).collect(Collectors.toList())));
        return SpoolRecipient.pending(new EnvelopeRecipient(new MailAddress("bob@acme.com"), values, Optional.empty()));
    }

    @ParameterizedTest(name = "NOTIFY={0}, delayed notices on when absent={1}: delayed {2}, failed {3}")
    @CsvSource({
        "ABSENT,                true,  true,  true",
        "ABSENT,                false, false, true",
        "NEVER,                 true,  false, false",
        "NEVER,                 false, false, false",
        "FAILURE,               true,  false, true",
        "DELAY,                 true,  true,  false",
        "SUCCESS,               true,  false, false",
        "SUCCESS+FAILURE,       true,  false, true",
        "SUCCESS+DELAY,         true,  true,  false",
        "FAILURE+DELAY,         true,  true,  true",
        "FAILURE+DELAY,         false, true,  true",
        "SUCCESS+FAILURE+DELAY, true,  true,  true",
    })
    void noticesShouldFollowTheRecipientsNotifyParameter(String notify, boolean delayedWhenAbsent,
                                                          boolean wantsDelayed, boolean wantsFailed) throws Exception {
        NotifyRules rules = new NotifyRules(delayedWhenAbsent);
        SpoolRecipient recipient = recipient(notify);

        assertThat(rules.wants(recipient, NoticeKind.DELAYED)).as("delayed").isEqualTo(wantsDelayed);
        assertThat(rules.wants(recipient, NoticeKind.FAILED)).as("failed").isEqualTo(wantsFailed);
    }
}
