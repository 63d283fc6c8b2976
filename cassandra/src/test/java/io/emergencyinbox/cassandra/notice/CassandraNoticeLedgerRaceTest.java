package io.emergencyinbox.cassandra.notice;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.emergencyinbox.cassandra.testing.CassandraExtension;
import io.emergencyinbox.core.notice.NoticeLedger;
import io.emergencyinbox.core.spool.SpoolEntryId;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

class CassandraNoticeLedgerRaceTest {
    @RegisterExtension
    static CassandraExtension cassandra = new CassandraExtension(NoticeLedgerTables.SCHEMA);

    @Test
    void twoNodesRecordingTheSameNoticeShouldSeeExactlyOneTrue() {
        NoticeLedger nodeA = new CassandraNoticeLedger(cassandra.storeSession());
        NoticeLedger nodeB = new CassandraNoticeLedger(cassandra.anotherNodeSession());

        List<Long> winnersPerNotice = Flux.range(0, 30)
            .map(i -> SpoolEntryId.random())
            .flatMap(entry -> Flux.merge(
                    nodeA.tryRecord(entry, "delayed-1").subscribeOn(Schedulers.boundedElastic()),
                    nodeB.tryRecord(entry, "delayed-1").subscribeOn(Schedulers.boundedElastic()))
                .filter(recorded -> recorded)
                .count())
            .collectList()
            .block(Duration.ofMinutes(1));

        assertThat(winnersPerNotice).hasSize(30).containsOnly(1L);
    }
}
