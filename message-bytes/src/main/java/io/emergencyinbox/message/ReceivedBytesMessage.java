package io.emergencyinbox.message;

import java.io.IOException;
import java.io.OutputStream;

import javax.mail.MessagingException;

import org.apache.james.server.core.MimeMessageSource;
import org.apache.james.server.core.MimeMessageWrapper;

/**
 * A message read from the bytes it was received as, which writes itself as those bytes ({@link MessageBytes}) as
 * long as no mailet replaced its body. James copies a mail's message whenever it sets one
 * ({@code MailImpl.setMessage}) by writing it out: a plain {@code MimeMessageWrapper} writes itself through James's
 * serialisation, which drops the blank line of a message without headers and writes 8-bit header bytes as '?'.
 */
public class ReceivedBytesMessage extends MimeMessageWrapper {
    public ReceivedBytesMessage(MimeMessageSource source) {
        super(source);
    }

    @Override
    public void writeTo(OutputStream out) throws IOException, MessagingException {
        if (isBodyModified()) {
            super.writeTo(out);
        } else {
            MessageBytes.write(this, out);
        }
    }
}
