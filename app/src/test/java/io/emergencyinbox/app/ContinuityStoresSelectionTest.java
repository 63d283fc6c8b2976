package io.emergencyinbox.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.emergencyinbox.cassandra.KeyspaceSettings;
import io.emergencyinbox.cassandra.SessionSettings;
import io.emergencyinbox.core.config.StrictProperties;

class ContinuityStoresSelectionTest {
    private static final Path SHIPPED = Path.of("../conf");
    private static final Path SAMPLE = SHIPPED.resolve("cassandra.properties.example");

    @TempDir
    Path conf;

    @Test
    void theShippedConfigurationShouldUseTheEmbeddedStores() {
        assertThat(EmergencyInboxServer.Stores.of(SHIPPED)).isEqualTo(EmergencyInboxServer.Stores.MEMORY);
    }

    @Test
    void aCassandraPropertiesFileShouldSelectTheCassandraStores() throws IOException {
        Files.copy(SAMPLE, conf.resolve(EmergencyInboxServer.CASSANDRA_SETTINGS));

        assertThat(EmergencyInboxServer.Stores.of(conf)).isEqualTo(EmergencyInboxServer.Stores.CASSANDRA);
    }

    @Test
    void theSampleShouldBeReadStrictlyWithoutError() throws IOException {
        StrictProperties sample = new StrictProperties("cassandra.properties", load(SAMPLE));

        KeyspaceSettings keyspace = KeyspaceSettings.parse(sample);
        SessionSettings session = SessionSettings.parse(sample);
        sample.rejectUnknownKeys();

        assertThat(keyspace.keyspace().asInternal()).isEqualTo("emergency_inbox");
        assertThat(session.nodes()).hasSize(1);
        assertThat(session.localDatacenter()).isEqualTo("datacenter1");
    }

    private static Map<String, String> load(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        return properties.stringPropertyNames().stream().collect(Collectors.toMap(key -> key, properties::getProperty));
    }
}
