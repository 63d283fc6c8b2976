package io.emergencyinbox.app;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.james.GuiceJamesServer;
import org.apache.james.MemoryJamesConfiguration;
import org.apache.james.MemoryJamesServerMain;
import org.apache.james.data.UsersRepositoryModuleChooser;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.server.core.configuration.Configuration;

import com.google.inject.Module;
import com.google.inject.util.Modules;

import io.emergencyinbox.app.smtp.LineSafeSmtpModule;
import io.emergencyinbox.durable.queue.DurableMailQueueModule;
import io.emergencyinbox.guice.CassandraContinuityStoresModule;
import io.emergencyinbox.guice.EmergencyInboxModule;
import io.emergencyinbox.guice.JmapAccessOverridesModule;
import io.emergencyinbox.memory.IndexedMemoryMailboxModule;
import io.emergencyinbox.memory.queue.FifoMemoryMailQueueModule;

/**
 * Assembles the full gateway: James's memory server with the Emergency Inbox modules. The continuity stores are
 * the embedded ones, or Cassandra's when the configuration directory holds a {@value #CASSANDRA_SETTINGS}
 * (docs/cassandra.md); James's own data stays in memory either way. James's spool queue (between SMTP {@code 250}
 * and our mailets) follows the promise of each: in memory and first in, first out with the embedded stores (ADR 52),
 * on disk with Cassandra's, which promise that a crash loses nothing (ADR 53).
 */
public final class EmergencyInboxServer {
    public static final String CASSANDRA_SETTINGS = "cassandra.properties";

    /** Where the continuity state lives, chosen by the configuration directory. */
    public enum Stores {
        MEMORY, CASSANDRA;

        public static Stores of(Path conf) {
            return Files.exists(conf.resolve(CASSANDRA_SETTINGS)) ? CASSANDRA : MEMORY;
        }
    }

    public static GuiceJamesServer create(GatewayDirectories directories) {
        ConfigurationPreflight.check(directories.conf());
        KeyMaterial.ensureGenerated(directories.var());
        Stores stores = Stores.of(directories.conf());
        MemoryJamesConfiguration configuration = new MemoryJamesConfiguration(
            new Configuration.ConfigurationPath(FileSystem.FILE_PROTOCOL_AND_CONF),
            directories,
            UsersRepositoryModuleChooser.Implementation.DEFAULT,
            true);
        Module continuity = stores == Stores.CASSANDRA
            ? Modules.combine(new EmergencyInboxModule(CassandraContinuityStoresModule.withOwnSession()),
                new DurableContinuityStateModule())
            : new EmergencyInboxModule();
        Module spoolQueue = stores == Stores.CASSANDRA ? new DurableMailQueueModule() : new FifoMemoryMailQueueModule();
        return MemoryJamesServerMain.createServer(configuration)
            .combineWith(continuity)
            .overrideWith(new JmapListenAddressModule(), new IndexedThreadingModule(), new IndexedMemoryMailboxModule(),
                spoolQueue,
                new JmapAccessOverridesModule(), new LineSafeSmtpModule(), new PreviewOnFirstReadModule());
    }

    private EmergencyInboxServer() {
    }
}
