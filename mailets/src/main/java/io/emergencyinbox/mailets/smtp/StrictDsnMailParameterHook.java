package io.emergencyinbox.mailets.smtp;

import org.apache.james.protocols.smtp.SMTPRetCode;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.dsn.DSNStatus;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.MailParametersHook;
import org.apache.james.smtpserver.dsn.DSNMailParameterHook;
import org.apache.mailet.DsnParameters;

import io.emergencyinbox.core.message.XText;

/**
 * Checks the RFC 3461 MAIL FROM parameters (RET, ENVID) before James records them.
 *
 * <p>James's own {@link DSNMailParameterHook} silently drops an unknown RET and answers a
 * <em>temporary</em> {@code 451} to a malformed ENVID, so a sending MTA retries a command that can
 * never succeed. This hook answers {@code 501 5.5.4} with the reason, and hands valid values to
 * James's hook, which stores them where the rest of James (and our notices) read them. Configure it
 * in {@code smtpserver.xml} in place of {@code DSNMailParameterHook}.
 */
public class StrictDsnMailParameterHook implements MailParametersHook {

    /** RFC 3461 §4.4: ENVID is at most 100 characters. */
    static final int ENVID_MAX_LENGTH = 100;

    private final DSNMailParameterHook james = new DSNMailParameterHook();

    @Override
    public HookResult doMailParameter(SMTPSession session, String paramName, String paramValue) {
        String problem = problemWith(paramName, paramValue);
        if (problem != null) {
            return syntaxError(problem);
        }
        return james.doMailParameter(session, paramName, paramValue);
    }

    @Override
    public String[] getMailParamNames() {
        return new String[] {DsnParameters.RET_PARAMETER, DsnParameters.ENVID_PARAMETER};
    }

    private static String problemWith(String name, String value) {
        if (DsnParameters.RET_PARAMETER.equals(name)) {
            return DsnParameters.Ret.parse(value).isPresent()
                ? null
                : "RET=" + value + " is not FULL or HDRS (RFC 3461 section 4.3)";
        }
        if (DsnParameters.ENVID_PARAMETER.equals(name)) {
            if (value.isEmpty() || value.length() > ENVID_MAX_LENGTH) {
                return "ENVID must be 1 to " + ENVID_MAX_LENGTH + " characters (RFC 3461 section 4.4)";
            }
            return XText.problemWith(value)
                .map(reason -> "ENVID is not valid xtext: " + reason)
                .orElse(null);
        }
        return null;
    }

    static HookResult syntaxError(String reason) {
        return HookResult.builder()
            .hookReturnCode(HookReturnCode.deny())
            .smtpReturnCode(SMTPRetCode.SYNTAX_ERROR_ARGUMENTS)
            .smtpDescription(DSNStatus.getStatus(DSNStatus.PERMANENT, DSNStatus.DELIVERY_INVALID_ARG) + " " + reason)
            .build();
    }
}
