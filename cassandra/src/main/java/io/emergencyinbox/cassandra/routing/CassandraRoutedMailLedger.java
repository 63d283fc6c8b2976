package io.emergencyinbox.cassandra.routing;

import static io.emergencyinbox.cassandra.routing.RoutedMailTables.ROUTED_MAILS;

import java.time.Clock;

import javax.inject.Inject;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;

import io.emergencyinbox.cassandra.StoreSession;
import io.emergencyinbox.core.routing.RoutedMailLedger;
import reactor.core.publisher.Mono;

/**
 * The ledger as one table of keys that expire by themselves. A plain write is enough: a mail is handed over again
 * only to the gateway whose queue held it, never to two nodes at once.
 */
public class CassandraRoutedMailLedger implements RoutedMailLedger {
    private final StoreSession session;
    private final Clock clock;
    private final PreparedStatement insert;
    private final PreparedStatement select;

    @Inject
    public CassandraRoutedMailLedger(StoreSession session, Clock clock) {
        this.session = session;
        this.clock = clock;
        this.insert = session.prepare("INSERT INTO %s (mail_key, routed_at) VALUES (?, ?)", ROUTED_MAILS);
        this.select = session.prepare("SELECT mail_key FROM %s WHERE mail_key = ?", ROUTED_MAILS);
    }

    @Override
    public Mono<Boolean> contains(String key) {
        return session.row(select.bind(key)).hasElement();
    }

    @Override
    public Mono<Void> record(String key) {
        return session.write(insert.bind(key, clock.instant()));
    }
}
