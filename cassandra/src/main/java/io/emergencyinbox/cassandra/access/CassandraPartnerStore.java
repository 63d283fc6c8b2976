package io.emergencyinbox.cassandra.access;

import static io.emergencyinbox.cassandra.access.AccessTables.PARTNERS;

import javax.inject.Inject;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;

import io.emergencyinbox.cassandra.StoreSession;
import io.emergencyinbox.core.access.Partner;
import io.emergencyinbox.core.access.PartnerAlreadyExistsException;
import io.emergencyinbox.core.access.PartnerStore;
import io.emergencyinbox.core.organisation.PartnerId;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Partners, one row each; creation is a lightweight transaction, so two admins cannot both create one id. */
public class CassandraPartnerStore implements PartnerStore {
    private final StoreSession session;
    private final PreparedStatement insertIfAbsent;
    private final PreparedStatement select;
    private final PreparedStatement selectAll;
    private final PreparedStatement delete;

    @Inject
    public CassandraPartnerStore(StoreSession session) {
        this.session = session;
        this.insertIfAbsent = session.prepare("INSERT INTO %s (partner, display_name) VALUES (?, ?) IF NOT EXISTS", PARTNERS);
        this.select = session.prepare("SELECT partner, display_name FROM %s WHERE partner = ?", PARTNERS);
        this.selectAll = session.prepare("SELECT partner, display_name FROM %s", PARTNERS);
        this.delete = session.prepare("DELETE FROM %s WHERE partner = ?", PARTNERS);
    }

    @Override
    public Mono<Void> create(Partner partner) {
        return session.conditional(insertIfAbsent.bind(partner.id().asString(), partner.displayName()))
            .flatMap(result -> result.applied() ? Mono.<Void>empty() : Mono.error(new PartnerAlreadyExistsException(partner.id())));
    }

    @Override
    public Mono<Partner> get(PartnerId id) {
        return session.row(select.bind(id.asString())).map(CassandraPartnerStore::partner);
    }

    @Override
    public Flux<Partner> list() {
        return session.rows(selectAll.bind()).map(CassandraPartnerStore::partner);
    }

    @Override
    public Mono<Void> delete(PartnerId id) {
        return session.write(delete.bind(id.asString()));
    }

    private static Partner partner(Row row) {
        return new Partner(PartnerId.of(row.getString("partner")), row.getString("display_name"));
    }
}
