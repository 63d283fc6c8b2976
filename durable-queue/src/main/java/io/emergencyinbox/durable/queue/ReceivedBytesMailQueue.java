package io.emergencyinbox.durable.queue;

import java.io.IOException;
import java.util.Map;

import javax.jms.ConnectionFactory;
import javax.jms.JMSException;
import javax.jms.Message;
import javax.jms.ObjectMessage;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.queue.activemq.ActiveMQCacheableMailQueue;
import org.apache.james.queue.api.MailQueueItemDecoratorFactory;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.jms.MimeMessageObjectMessageSource;
import org.apache.mailet.Mail;

import io.emergencyinbox.message.MessageBytes;
import io.emergencyinbox.message.ReceivedBytesMessage;

/**
 * James's ActiveMQ mail queue, journalling each message as the bytes it was received as ({@link MessageBytes}) and
 * handing it out as those bytes ({@link ReceivedBytesMessage}). James's queue writes and copies the message with
 * James's own serialisation, which drops the blank line of a message without headers (its first body line then
 * reads as a header) and writes 8-bit header bytes as '?'. Everything else (the envelope and attributes, taking,
 * counting, browsing) is James's.
 */
class ReceivedBytesMailQueue extends ActiveMQCacheableMailQueue {
    ReceivedBytesMailQueue(ConnectionFactory connectionFactory, MailQueueItemDecoratorFactory decorators, MailQueueName name,
                           MetricFactory metricFactory, GaugeRegistry gaugeRegistry) {
        super(connectionFactory, decorators, name, false, metricFactory, gaugeRegistry);
    }

    /** As James's (without blob messages, ADR 53), with the message's bytes from {@link MessageBytes}. */
    @Override
    protected void produceMail(Map<String, Object> properties, int priority, Mail mail)
        throws JMSException, MessagingException, IOException {
        ObjectMessage message = session.createObjectMessage();
        for (Map.Entry<String, Object> property : properties.entrySet()) {
            message.setObjectProperty(property.getKey(), property.getValue());
        }
        message.setObject(MessageBytes.of(mail.getMessage(), mail.getMessageSize()));
        producer.send(message, Message.DEFAULT_DELIVERY_MODE, priority, Message.DEFAULT_TIME_TO_LIVE);
    }

    /** The journalled bytes as a message that James's copy of it ({@code MailImpl.setMessage}) keeps as they are. */
    @Override
    protected MimeMessage mimeMessage(Message message) throws MessagingException, JMSException {
        if (message instanceof ObjectMessage) {
            return new ReceivedBytesMessage(new MimeMessageObjectMessageSource((ObjectMessage) message));
        }
        return super.mimeMessage(message);
    }
}
