package io.emergencyinbox.app.smtp;

import org.apache.james.smtpserver.netty.SMTPServerFactory;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;

/** Overrides James's SMTPServerModule binding so inbound SMTP aborts, rather than truncates, a message with an overlong line. */
public class LineSafeSmtpModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(LineSafeSmtpServerFactory.class).in(Scopes.SINGLETON);
        bind(SMTPServerFactory.class).to(LineSafeSmtpServerFactory.class);
    }
}
