package io.emergencyinbox.app.smtp;

import javax.inject.Inject;

import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.protocols.netty.ChannelHandlerFactory;
import org.apache.james.protocols.lib.handler.ProtocolHandlerLoader;
import org.apache.james.smtpserver.netty.SMTPServer;
import org.apache.james.smtpserver.netty.SMTPServerFactory;

/** James's SMTP server factory, building servers whose line framer is the {@link OverlongLineGuard}. */
public class LineSafeSmtpServerFactory extends SMTPServerFactory {

    @Inject
    public LineSafeSmtpServerFactory(DNSService dns, ProtocolHandlerLoader loader, FileSystem fileSystem, MetricFactory metricFactory) {
        super(dns, loader, fileSystem, metricFactory);
    }

    @Override
    protected SMTPServer createServer() {
        return new LineSafeSmtpServer();
    }

    private class LineSafeSmtpServer extends SMTPServer {
        LineSafeSmtpServer() {
            super(smtpMetrics);
        }

        @Override
        protected ChannelHandlerFactory createFrameHandlerFactory() {
            return OverlongLineGuard::new;
        }
    }
}
