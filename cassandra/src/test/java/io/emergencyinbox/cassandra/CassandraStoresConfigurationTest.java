package io.emergencyinbox.cassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;

import io.emergencyinbox.core.config.ConfigurationException;
import io.emergencyinbox.core.config.StrictProperties;

class CassandraStoresConfigurationTest {
    private static StrictProperties file(Map<String, String> values) {
        return new StrictProperties("cassandra.properties", values);
    }

    @Test
    void defaultsShouldBeASingleLocalNodeAndTheEmergencyInboxKeyspace() {
        StrictProperties properties = file(Map.of());

        KeyspaceSettings keyspace = KeyspaceSettings.parse(properties);
        SessionSettings session = SessionSettings.parse(properties);

        assertThat(keyspace.keyspace().asInternal()).isEqualTo("emergency_inbox");
        assertThat(keyspace.replicationFactor()).isEqualTo(1);
        assertThat(keyspace.regularConsistency()).isEqualTo(DefaultConsistencyLevel.QUORUM);
        assertThat(keyspace.serialConsistency()).isEqualTo(DefaultConsistencyLevel.SERIAL);
        assertThat(session.nodes()).containsExactly(InetSocketAddress.createUnresolved("127.0.0.1", 9042));
        assertThat(session.localDatacenter()).isEqualTo("datacenter1");
        assertThat(session.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void everyKeyShouldBeRead() {
        StrictProperties properties = file(Map.of(
            "cassandra.nodes", "cass1.example:9042, cass2.example:19042",
            "cassandra.local.datacenter", "dc-paris",
            "cassandra.keyspace", "gateway_eu",
            "cassandra.replication.factor", "3",
            "cassandra.consistency.regular", "LOCAL_QUORUM",
            "cassandra.consistency.serial", "LOCAL_SERIAL",
            "cassandra.username", "gateway",
            "cassandra.password", "secret",
            "cassandra.request.timeout", "30s"));

        KeyspaceSettings keyspace = KeyspaceSettings.parse(properties);
        SessionSettings session = SessionSettings.parse(properties);
        properties.rejectUnknownKeys();

        assertThat(keyspace.keyspace().asInternal()).isEqualTo("gateway_eu");
        assertThat(keyspace.replicationFactor()).isEqualTo(3);
        assertThat(keyspace.regularConsistency()).isEqualTo(DefaultConsistencyLevel.LOCAL_QUORUM);
        assertThat(keyspace.serialConsistency()).isEqualTo(DefaultConsistencyLevel.LOCAL_SERIAL);
        assertThat(session.nodes()).containsExactly(InetSocketAddress.createUnresolved("cass1.example", 9042),
            InetSocketAddress.createUnresolved("cass2.example", 19042));
        assertThat(session.localDatacenter()).isEqualTo("dc-paris");
        assertThat(session.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void anUnknownKeyShouldBeRejectedNamingTheFileAndTheKey() {
        StrictProperties properties = file(Map.of("cassandra.keyspaces", "typo"));
        KeyspaceSettings.parse(properties);
        SessionSettings.parse(properties);

        assertThatThrownBy(properties::rejectUnknownKeys)
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("cassandra.properties")
            .hasMessageContaining("cassandra.keyspaces");
    }

    @Test
    void badValuesShouldBeRejectedNamingTheKey() {
        assertRejected(Map.of("cassandra.nodes", "cass1.example"), "cassandra.nodes", "host:port");
        assertRejected(Map.of("cassandra.nodes", "cass1.example:99999"), "cassandra.nodes", "65535");
        assertRejected(Map.of("cassandra.nodes", "cass1.example:ninety"), "cassandra.nodes", "port");
        assertRejected(Map.of("cassandra.keyspace", "Emergency-Inbox"), "cassandra.keyspace", "a-z");
        assertRejected(Map.of("cassandra.replication.factor", "0"), "cassandra.replication.factor", "between 1 and 10");
        assertRejected(Map.of("cassandra.replication.factor", "three"), "cassandra.replication.factor", "three");
        assertRejected(Map.of("cassandra.consistency.regular", "ONE"), "cassandra.consistency.regular", "QUORUM");
        assertRejected(Map.of("cassandra.consistency.serial", "QUORUM"), "cassandra.consistency.serial", "SERIAL");
        assertRejected(Map.of("cassandra.username", "gateway"), "cassandra.password", "cassandra.username");
        assertRejected(Map.of("cassandra.local.datacenter", " "), "cassandra.local.datacenter", "empty");
        assertRejected(Map.of("cassandra.request.timeout", "10"), "cassandra.request.timeout", "10");
        assertRejected(Map.of("cassandra.request.timeout", "10m"), "cassandra.request.timeout", "between 100ms and 5m");
    }

    private static void assertRejected(Map<String, String> values, String key, String explanation) {
        assertThatThrownBy(() -> {
            StrictProperties properties = file(values);
            KeyspaceSettings.parse(properties);
            SessionSettings.parse(properties);
        })
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("cassandra.properties")
            .hasMessageContaining("'" + key + "'")
            .hasMessageContaining(explanation);
    }
}
