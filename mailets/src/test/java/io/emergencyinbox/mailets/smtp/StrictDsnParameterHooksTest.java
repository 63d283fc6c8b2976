package io.emergencyinbox.mailets.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Map;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.mailet.DsnParameters.Notify;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Refusals never touch the session, so they are checked without one; that valid parameters reach
 * James's notices is shown end to end by NoticesTest and the bad-input corpus.
 */
class StrictDsnParameterHooksTest {
    private static final MailAddress USER = address("user@example.com");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "NOTIFY | SOMETIMES      | NOTIFY value 'SOMETIMES'",
        "NOTIFY | NEVER,FAILURE  | cannot be combined",
        "NOTIFY | ''             | NOTIFY value ''",
        "NOTIFY | FAILURE,       | NOTIFY value ''",
        "ORCPT  | user@x.test    | ORCPT must be addr-type;address",
        "ORCPT  | ;user@x.test   | ORCPT must be addr-type;address",
        "ORCPT  | rfc822;a b     | not valid xtext",
        "ORCPT  | rfc822;a+ZZ    | not valid xtext",
        "ORCPT  | rfc822;nobody  | is not a valid mail address"})
    void malformedRcptParametersShouldBeRefusedPermanentlyWithTheReason(String name, String value, String reason) {
        HookResult result = new StrictDsnRcptParameterHook().doRcpt(null, MaybeSender.nullSender(), USER, Map.of(name, value));

        assertRefused(result, reason);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "RET   | EVERYTHING | RET=EVERYTHING is not FULL or HDRS",
        "RET   | ''         | RET= is not FULL or HDRS",
        "ENVID | QQ+ZZ1     | ENVID is not valid xtext",
        "ENVID | a=b        | ENVID is not valid xtext",
        "ENVID | ''         | ENVID must be 1 to 100 characters"})
    void malformedMailParametersShouldBeRefusedPermanentlyWithTheReason(String name, String value, String reason) {
        assertRefused(new StrictDsnMailParameterHook().doMailParameter(null, name, value), reason);
    }

    @Test
    void anEnvidLongerThanOneHundredCharactersShouldBeRefused() {
        assertRefused(new StrictDsnMailParameterHook().doMailParameter(null, "ENVID", "x".repeat(101)), "1 to 100 characters");
    }

    @Test
    void notifyShouldReadEveryValidCombinationCaseInsensitively() {
        assertThat(StrictDsnRcptParameterHook.notify("never")).containsExactly(Notify.NEVER);
        assertThat(StrictDsnRcptParameterHook.notify("SUCCESS,failure,Delay"))
            .isEqualTo(EnumSet.of(Notify.SUCCESS, Notify.FAILURE, Notify.DELAY));
    }

    @Test
    void anRfc822OriginalRecipientShouldBeDecodedFromXText() {
        assertThat(StrictDsnRcptParameterHook.originalRecipient("rfc822;bob+2Btag@example.com"))
            .contains(address("bob+tag@example.com"));
        assertThat(StrictDsnRcptParameterHook.originalRecipient("RFC822;bob@example.com"))
            .contains(address("bob@example.com"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"utf-8;j+C3+A9r+C3+B4me@example.com", "x400;c+3Dfr+3Ba+3D+20"})
    void aWellFormedOriginalRecipientOfAnotherTypeShouldBeAcceptedButNotKept(String orcpt) {
        assertThat(StrictDsnRcptParameterHook.originalRecipient(orcpt)).isEmpty();
    }

    private static void assertRefused(HookResult result, String reason) {
        assertThat(result.getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(result.getSmtpRetCode()).isEqualTo("501");
        assertThat(result.getSmtpDescription()).startsWith("5.5.4 ").contains(reason);
    }

    private static MailAddress address(String value) {
        try {
            return new MailAddress(value);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
