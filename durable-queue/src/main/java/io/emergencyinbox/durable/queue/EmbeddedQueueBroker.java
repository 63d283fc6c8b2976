package io.emergencyinbox.durable.queue;

import java.io.File;
import java.io.FileNotFoundException;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.jms.ConnectionFactory;

import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.ActiveMQPrefetchPolicy;
import org.apache.activemq.broker.BrokerPlugin;
import org.apache.activemq.broker.BrokerService;
import org.apache.activemq.plugin.StatisticsBrokerPlugin;
import org.apache.activemq.store.SharedFileLocker;
import org.apache.activemq.store.kahadb.KahaDBPersistenceAdapter;
import org.apache.james.filesystem.api.FileSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ActiveMQ broker inside the gateway's JVM that keeps James's spool queue in a KahaDB journal under
 * {@code var/queue}, written with an fsync before SMTP answers {@code 250}. It listens on no socket: James
 * reaches it over ActiveMQ's in-JVM {@code vm://} transport only, so nothing else on the host can put mail
 * into the pipeline. A second gateway started on the same state directory is refused instead of waiting for
 * the lock.
 */
public class EmbeddedQueueBroker {
    private static final Logger LOGGER = LoggerFactory.getLogger(EmbeddedQueueBroker.class);
    static final String BROKER_NAME = "emergency-inbox";
    static final String DIRECTORY = FileSystem.FILE_PROTOCOL_AND_VAR + "queue";

    private final BrokerService broker;
    private final ActiveMQConnectionFactory connectionFactory;

    @Inject
    public EmbeddedQueueBroker(FileSystem fileSystem) {
        this(directoryOf(fileSystem));
    }

    public EmbeddedQueueBroker(File directory) {
        this.broker = start(directory);
        this.connectionFactory = new ActiveMQConnectionFactory("vm://" + BROKER_NAME + "?create=false");
        connectionFactory.setTrustAllPackages(false);
        ActiveMQPrefetchPolicy prefetch = new ActiveMQPrefetchPolicy();
        // A consumer holds no mail it has not asked for: what is not being processed stays in the journal.
        prefetch.setQueuePrefetch(0);
        prefetch.setTopicPrefetch(0);
        connectionFactory.setPrefetchPolicy(prefetch);
    }

    public ConnectionFactory connectionFactory() {
        return connectionFactory;
    }

    @PreDestroy
    public void stop() {
        try {
            broker.stop();
            broker.waitUntilStopped();
            LOGGER.info("Stopped the spool queue broker");
        } catch (Exception e) {
            LOGGER.warn("The spool queue broker did not stop cleanly; its journal is recovered at the next start", e);
        }
    }

    private static BrokerService start(File directory) {
        try {
            KahaDBPersistenceAdapter journal = new KahaDBPersistenceAdapter();
            journal.setDirectory(new File(directory, "kahadb"));
            journal.setEnableJournalDiskSyncs(true);
            SharedFileLocker lock = new SharedFileLocker();
            lock.setFailIfLocked(true);
            journal.setLocker(lock);

            BrokerService broker = new BrokerService();
            broker.setBrokerName(BROKER_NAME);
            broker.setDataDirectoryFile(directory);
            broker.setTmpDataDirectory(new File(directory, "tmp"));
            broker.setPersistent(true);
            broker.setPersistenceAdapter(journal);
            broker.setUseJmx(false);
            broker.setUseShutdownHook(false);
            broker.setSchedulerSupport(false);
            broker.setAdvisorySupport(false);
            // James counts a queue (flow control, WebAdmin) through the statistics plugin instead of browsing it.
            broker.setPlugins(new BrokerPlugin[] {new StatisticsBrokerPlugin()});
            broker.setEnableStatistics(true);
            broker.start();
            if (broker.waitUntilStarted()) {
                LOGGER.info("Spool queue kept on disk in {}", directory);
                return broker;
            }
            throw cannotOpen(directory, broker.getStartException());
        } catch (Exception e) {
            throw cannotOpen(directory, e);
        }
    }

    private static IllegalStateException cannotOpen(File directory, Throwable cause) {
        return new IllegalStateException("Cannot open the spool queue in " + directory
            + " (is another gateway running on this state directory?)", cause);
    }

    private static File directoryOf(FileSystem fileSystem) {
        try {
            return fileSystem.getFile(DIRECTORY);
        } catch (FileNotFoundException e) {
            throw new IllegalStateException("Cannot resolve the spool queue directory " + DIRECTORY, e);
        }
    }
}
