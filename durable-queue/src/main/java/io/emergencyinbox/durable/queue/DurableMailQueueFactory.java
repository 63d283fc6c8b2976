package io.emergencyinbox.durable.queue;

import javax.inject.Inject;

import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.queue.activemq.ActiveMQMailQueueFactory;
import org.apache.james.queue.activemq.metric.ActiveMQMetricCollectorNoop;
import org.apache.james.queue.api.MailQueueItemDecoratorFactory;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.api.ManageableMailQueue;

/**
 * James's ActiveMQ mail queues on our {@link EmbeddedQueueBroker}. Each mail is written whole into the journal,
 * as the bytes it was received as ({@link ReceivedBytesMailQueue}; no ActiveMQ "blob" side files, which are not
 * synced), and stays there until James's pipeline has finished with it, so a mail is either still queued or
 * already handed to our spool. Queues are not exposed over JMX; WebAdmin's mail queue routes manage them.
 */
public class DurableMailQueueFactory extends ActiveMQMailQueueFactory {
    @Inject
    public DurableMailQueueFactory(EmbeddedQueueBroker broker, MailQueueItemDecoratorFactory decorators,
                                   MetricFactory metricFactory, GaugeRegistry gaugeRegistry) {
        super(broker.connectionFactory(), decorators, metricFactory, gaugeRegistry, new ActiveMQMetricCollectorNoop());
        setUseJMX(false);
    }

    @Override
    protected ManageableMailQueue createCacheableMailQueue(MailQueueName name) {
        return new ReceivedBytesMailQueue(connectionFactory, mailQueueItemDecoratorFactory, name, metricFactory, gaugeRegistry);
    }
}
