package io.emergencyinbox.cassandra;

import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;

import io.emergencyinbox.core.config.StrictProperties;

/**
 * Where our tables live and how strongly they are read and written: the keyspace (created at start with
 * {@code SimpleStrategy} and this replication factor when missing) and the consistency levels of regular
 * statements and of lightweight transactions.
 */
public final class KeyspaceSettings {
    public static final String KEYSPACE = "cassandra.keyspace";
    public static final String REPLICATION_FACTOR = "cassandra.replication.factor";
    public static final String REGULAR_CONSISTENCY = "cassandra.consistency.regular";
    public static final String SERIAL_CONSISTENCY = "cassandra.consistency.serial";

    private static final Pattern KEYSPACE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,47}");
    private static final Set<DefaultConsistencyLevel> REGULAR_LEVELS = EnumSet.of(DefaultConsistencyLevel.QUORUM,
        DefaultConsistencyLevel.LOCAL_QUORUM, DefaultConsistencyLevel.EACH_QUORUM, DefaultConsistencyLevel.ALL);
    private static final Set<DefaultConsistencyLevel> SERIAL_LEVELS = EnumSet.of(DefaultConsistencyLevel.SERIAL,
        DefaultConsistencyLevel.LOCAL_SERIAL);

    /** Reads the keys above; every one is optional, every present one must be valid. */
    public static KeyspaceSettings parse(StrictProperties properties) {
        String keyspace = properties.string(KEYSPACE, "emergency_inbox");
        properties.check(KEYSPACE_NAME.matcher(keyspace).matches(), KEYSPACE,
            "must be 1 to 48 characters among a-z, 0-9 and '_', starting with a letter, got '" + keyspace + "'");
        int replicationFactor = properties.integer(REPLICATION_FACTOR, 1, 1, 10);
        DefaultConsistencyLevel regular = properties.parse(REGULAR_CONSISTENCY, value -> level(value, REGULAR_LEVELS))
            .orElse(DefaultConsistencyLevel.QUORUM);
        DefaultConsistencyLevel serial = properties.parse(SERIAL_CONSISTENCY, value -> level(value, SERIAL_LEVELS))
            .orElse(DefaultConsistencyLevel.SERIAL);
        return new KeyspaceSettings(CqlIdentifier.fromInternal(keyspace), replicationFactor, regular, serial);
    }

    /**
     * Only levels that overlap between a write and a later read: the stores rely on reading what was written
     * (LWT outcomes, index floors), so ONE or TWO are refused.
     */
    private static DefaultConsistencyLevel level(String value, Set<DefaultConsistencyLevel> allowed) {
        return allowed.stream().filter(level -> level.name().equals(value)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("must be one of " + allowed + ", got '" + value + "'"));
    }

    private final CqlIdentifier keyspace;
    private final int replicationFactor;
    private final ConsistencyLevel regularConsistency;
    private final ConsistencyLevel serialConsistency;

    public KeyspaceSettings(CqlIdentifier keyspace, int replicationFactor, ConsistencyLevel regularConsistency,
                            ConsistencyLevel serialConsistency) {
        this.keyspace = keyspace;
        this.replicationFactor = replicationFactor;
        this.regularConsistency = regularConsistency;
        this.serialConsistency = serialConsistency;
    }

    public CqlIdentifier keyspace() {
        return keyspace;
    }

    public int replicationFactor() {
        return replicationFactor;
    }

    public ConsistencyLevel regularConsistency() {
        return regularConsistency;
    }

    public ConsistencyLevel serialConsistency() {
        return serialConsistency;
    }
}
