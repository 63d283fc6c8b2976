package io.emergencyinbox.core.smtp;

import java.io.IOException;

/** The peer broke the SMTP protocol (unparsable reply, unexpected end of stream). */
public class SmtpProtocolException extends IOException {
    public SmtpProtocolException(String message) {
        super(message);
    }
}
