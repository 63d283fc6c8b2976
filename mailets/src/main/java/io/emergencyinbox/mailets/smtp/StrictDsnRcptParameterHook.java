package io.emergencyinbox.mailets.smtp;

import static io.emergencyinbox.mailets.smtp.StrictDsnMailParameterHook.syntaxError;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.RcptHook;
import org.apache.james.smtpserver.dsn.DSNRcptParameterHook;
import org.apache.mailet.DsnParameters;
import org.apache.mailet.DsnParameters.Notify;
import org.apache.mailet.DsnParameters.RecipientDsnParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.collect.ImmutableSet;

import io.emergencyinbox.core.message.XText;

/**
 * Checks the RFC 3461 RCPT TO parameters (NOTIFY, ORCPT) and records them for James.
 *
 * <p>James's own {@link DSNRcptParameterHook} throws on a NOTIFY or ORCPT it cannot parse, which the
 * client sees as a <em>temporary</em> {@code 451}, and it refuses any ORCPT whose address type is not
 * {@code rfc822}. This hook answers {@code 501 5.5.4} with the reason when a parameter is malformed;
 * a well-formed ORCPT of another address type (e.g. {@code utf-8}) is accepted and not kept, since
 * James can only carry an rfc822 original recipient. Valid parameters are stored under James's
 * {@link DSNRcptParameterHook#DSN_RCPT_PARAMETERS} key, where {@code DSNMessageHook} reads them.
 * Configure it in {@code smtpserver.xml} in place of {@code DSNRcptParameterHook}.
 */
public class StrictDsnRcptParameterHook implements RcptHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(StrictDsnRcptParameterHook.class);
    private static final String RFC822 = "rfc822";

    @Override
    public Set<String> supportedParameters() {
        return ImmutableSet.of(DsnParameters.NOTIFY_PARAMETER, DsnParameters.ORCPT_PARAMETER);
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress rcpt, Map<String, String> parameters) {
        Optional<EnumSet<Notify>> notify;
        Optional<MailAddress> originalRecipient;
        try {
            notify = Optional.ofNullable(parameters.get(DsnParameters.NOTIFY_PARAMETER)).map(StrictDsnRcptParameterHook::notify);
            originalRecipient = Optional.ofNullable(parameters.get(DsnParameters.ORCPT_PARAMETER)).flatMap(StrictDsnRcptParameterHook::originalRecipient);
        } catch (InvalidParameter e) {
            return syntaxError(e.getMessage());
        }
        RecipientDsnParameters.of(notify, originalRecipient).ifPresent(recipientParameters -> {
            DSNRcptParameterHook.Builder recorded = session.getAttachment(DSNRcptParameterHook.DSN_RCPT_PARAMETERS, State.Transaction)
                .orElseGet(DSNRcptParameterHook.Builder::new);
            session.setAttachment(DSNRcptParameterHook.DSN_RCPT_PARAMETERS, recorded.add(rcpt, recipientParameters), State.Transaction);
        });
        return HookResult.DECLINED;
    }

    /** RFC 3461 §4.1: NEVER alone, or a comma-separated list of SUCCESS, FAILURE and DELAY. */
    static EnumSet<Notify> notify(String value) {
        List<Notify> values = new ArrayList<>();
        for (String token : value.split(",", -1)) {
            values.add(Notify.parseValue(token)
                .orElseThrow(() -> new InvalidParameter("NOTIFY value '" + token + "' is not NEVER, SUCCESS, FAILURE or DELAY (RFC 3461 section 4.1)")));
        }
        EnumSet<Notify> notify = EnumSet.copyOf(values);
        if (notify.contains(Notify.NEVER) && notify.size() > 1) {
            throw new InvalidParameter("NOTIFY=NEVER cannot be combined with other values (RFC 3461 section 4.1)");
        }
        return notify;
    }

    /** RFC 3461 §4.2: {@code addr-type ";" xtext}; only an rfc822 address is kept. */
    static Optional<MailAddress> originalRecipient(String value) {
        int semicolon = value.indexOf(';');
        if (semicolon <= 0) {
            throw new InvalidParameter("ORCPT must be addr-type;address, e.g. rfc822;user@example.com (RFC 3461 section 4.2)");
        }
        String type = value.substring(0, semicolon);
        String address = value.substring(semicolon + 1);
        XText.problemWith(address).ifPresent(reason -> {
            throw new InvalidParameter("ORCPT address is not valid xtext: " + reason);
        });
        if (!type.toLowerCase(Locale.US).equals(RFC822)) {
            LOGGER.debug("ORCPT of address type {} accepted but not kept", type);
            return Optional.empty();
        }
        try {
            return Optional.of(new MailAddress(XText.decode(address)));
        } catch (AddressException e) {
            throw new InvalidParameter("ORCPT address '" + XText.decode(address) + "' is not a valid mail address");
        }
    }

    static final class InvalidParameter extends RuntimeException {
        InvalidParameter(String message) {
            super(message, null, false, false);
        }
    }
}
