package io.emergencyinbox.app;

import org.apache.james.GuiceJamesServer;
import org.apache.james.MemoryJamesConfiguration;
import org.apache.james.MemoryJamesServerMain;
import org.apache.james.data.UsersRepositoryModuleChooser;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.server.core.configuration.Configuration;

import io.emergencyinbox.app.smtp.LineSafeSmtpModule;
import io.emergencyinbox.guice.EmergencyInboxModule;
import io.emergencyinbox.guice.JmapAccessOverridesModule;
import io.emergencyinbox.memory.IndexedMemoryMailboxModule;

/** Assembles the full gateway: James's memory server with the Emergency Inbox modules. */
public final class EmergencyInboxServer {

    public static GuiceJamesServer create(GatewayDirectories directories) {
        ConfigurationPreflight.check(directories.conf());
        KeyMaterial.ensureGenerated(directories.var());
        MemoryJamesConfiguration configuration = new MemoryJamesConfiguration(
            new Configuration.ConfigurationPath(FileSystem.FILE_PROTOCOL_AND_CONF),
            directories,
            UsersRepositoryModuleChooser.Implementation.DEFAULT,
            true);
        return MemoryJamesServerMain.createServer(configuration)
            .combineWith(new EmergencyInboxModule())
            .overrideWith(new JmapListenAddressModule(), new IndexedThreadingModule(), new IndexedMemoryMailboxModule(),
                new JmapAccessOverridesModule(), new LineSafeSmtpModule());
    }

    private EmergencyInboxServer() {
    }
}
