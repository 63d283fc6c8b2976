package io.emergencyinbox.cassandra.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;

import io.emergencyinbox.cassandra.testing.CassandraExtension;
import io.emergencyinbox.core.message.ContentSource;
import io.emergencyinbox.core.spool.SpoolContentStore;
import io.emergencyinbox.core.spool.SpoolContentStoreContract;
import io.emergencyinbox.core.spool.SpoolEntryId;

class CassandraSpoolContentStoreTest implements SpoolContentStoreContract {
    @RegisterExtension
    static CassandraExtension cassandra = new CassandraExtension(SpoolContentTables.SCHEMA);

    private CassandraSpoolContentStore store;

    @BeforeEach
    void setUp() {
        store = new CassandraSpoolContentStore(cassandra.storeSession());
    }

    @Override
    public SpoolContentStore testee() {
        return store;
    }

    @Test
    void aMessageShouldBeKeptInChunksOfOneVersionOnly() {
        byte[] large = new byte[10 * CassandraSpoolContentStore.CHUNK_SIZE + 5];
        new Random(7).nextBytes(large);
        SpoolEntryId id = SpoolEntryId.random();
        store.save(id, ContentSource.of(MESSAGE)).block();

        store.save(id, ContentSource.of(large)).block();

        List<Row> chunks = cassandra.storeSession().cqlSession().execute(SimpleStatement.newInstance(
            "SELECT version, chunk_number, data FROM " + SpoolContentTables.SPOOL_CONTENT_CHUNKS.qualifiedName(cassandra.keyspace())))
            .all();
        assertThat(chunks).extracting(row -> row.getUuid("version")).containsOnly(chunks.get(0).getUuid("version"));
        assertThat(chunks).extracting(row -> row.getInt("chunk_number")).containsExactlyInAnyOrderElementsOf(
            IntStream.range(0, 11).boxed().collect(Collectors.toList()));
        assertThat(chunks).allSatisfy(row -> assertThat(row.getByteBuffer("data").remaining())
            .isLessThanOrEqualTo(CassandraSpoolContentStore.CHUNK_SIZE));
    }
}
