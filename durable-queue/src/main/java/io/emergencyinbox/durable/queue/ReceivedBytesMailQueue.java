package io.emergencyinbox.durable.queue;

import java.io.IOException;
import java.util.Map;

import javax.jms.ConnectionFactory;
import javax.jms.JMSException;
import javax.jms.MessageConsumer;
import javax.jms.Message;
import javax.jms.ObjectMessage;
import javax.jms.Session;
import javax.mail.MessagingException;

import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.queue.activemq.ActiveMQCacheableMailQueue;
import org.apache.james.queue.activemq.ActiveMQMailQueueItem;
import org.apache.james.queue.api.MailQueue.MailQueueItem;
import org.apache.james.queue.api.MailQueueItemDecoratorFactory;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.jms.MimeMessageObjectMessageSource;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Mail;

import io.emergencyinbox.message.MessageBytes;
import io.emergencyinbox.message.ReceivedBytesMessage;
import reactor.core.publisher.Mono;

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

    /**
     * Hands the mail out with the journalled bytes as its message ({@link ReceivedBytesMessage}), set without a copy.
     * James's {@code createMail} sets it with a copy made through its serialisation: a copy made later in the
     * pipeline (James duplicates a mail that a matcher splits between processors) would then lose the bytes.
     */
    @Override
    protected Mono<MailQueueItem> createMailQueueItem(Session session, MessageConsumer consumer, Message message)
        throws JMSException, MessagingException {
        if (!(message instanceof ObjectMessage)) {
            return super.createMailQueueItem(session, consumer, message);
        }
        MailImpl mail = populateMail(message).build();
        mail.setMessageNoCopy(new ReceivedBytesMessage(new MimeMessageObjectMessageSource((ObjectMessage) message)));
        return Mono.just(mailQueueItemDecoratorFactory.decorate(new ActiveMQMailQueueItem(mail, session, consumer, message), queueName));
    }
}
