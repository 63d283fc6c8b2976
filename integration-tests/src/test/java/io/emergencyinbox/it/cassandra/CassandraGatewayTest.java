package io.emergencyinbox.it.cassandra;

import static io.emergencyinbox.it.TestOrganisation.emergencySubjects;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.james.core.Username;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.datastax.oss.driver.api.core.cql.SimpleStatement;

import io.emergencyinbox.cassandra.spool.CassandraSpoolStore;
import io.emergencyinbox.cassandra.testing.SharedCassandra;
import io.emergencyinbox.it.GatewayExtension;
import io.emergencyinbox.it.TestOrganisation;
import io.emergencyinbox.jmap.access.AccountIds;
import io.restassured.path.json.JsonPath;

/**
 * The full gateway (in-process) with {@code cassandra.properties} in its configuration: every continuity store
 * is Cassandra's, read and written through the real SMTP, JMAP and WebAdmin paths.
 */
class CassandraGatewayTest {
    private static final String KEYSPACE = "it_gateway_" + ProcessHandle.current().pid();
    private static final String CONTINUITY = "[\"urn:ietf:params:jmap:core\",\"urn:io.emergencyinbox:params:jmap:continuity\"]";
    private static final String BOB = "bob@acme.test";
    private static final String ADMIN = "it-admin@acme.test";

    @RegisterExtension
    static GatewayExtension gateway = GatewayExtension.builder().cassandra(KEYSPACE).build();

    private static TestOrganisation acme;

    @BeforeAll
    static void setUp() {
        acme = TestOrganisation.create(gateway, "acme", "acme.test", BOB, ADMIN);
    }

    @AfterAll
    static void tearDown() {
        acme.close();
        SharedCassandra.get().session().execute(SimpleStatement.newInstance("DROP KEYSPACE IF EXISTS " + KEYSPACE));
    }

    private static long rows(String table) {
        return SharedCassandra.get().session()
            .execute(SimpleStatement.newInstance("SELECT COUNT(*) FROM " + KEYSPACE + "." + table)).one().getLong(0);
    }

    @Test
    void mailForADownRouteShouldBeSpooledInCassandraShownOverJmapAndDrainedWhenTheRouteIsBack() {
        assertThat(gateway.continuity().spool()).isInstanceOf(CassandraSpoolStore.class);
        acme.downstream().stop();
        acme.awaitState("DOWN");

        for (int i = 1; i <= 3; i++) {
            gateway.smtp().send("carol@example.com", BOB, "Outage message " + i);
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> acme.spooled() == 3);
        assertThat(rows("spool_entries")).isEqualTo(3);
        await().atMost(Duration.ofSeconds(30)).until(() -> emergencySubjects(gateway, BOB).size() == 3);
        assertThat(emergencySubjects(gateway, BOB)).containsExactlyInAnyOrder("Outage message 1", "Outage message 2", "Outage message 3");

        Map<String, Object> status = gateway.jmap(BOB, TestOrganisation.PASSWORD)
            .call(CONTINUITY, "[[\"Continuity/get\",{\"accountId\":\"" + AccountIds.of(Username.of(BOB)) + "\"},\"c\"]]")
            .getMap("methodResponses[0][1]");
        assertThat(((Number) status.get("spooledCount")).longValue()).isEqualTo(3);
        Instant oldest = Instant.parse((String) status.get("oldestSpooledArrival"));
        assertThat(Instant.parse((String) status.get("returnsToSenderOn"))).isEqualTo(oldest.plus(Duration.ofDays(30)));

        acme.downstream().restart();

        await().atMost(Duration.ofSeconds(60)).until(() -> acme.spooled() == 0);
        assertThat(acme.downstream().received()).hasSize(3);
        assertThat(rows("spool_entries")).isZero();
        assertThat(acme.outages()).hasSize(1);
        // an entry leaves the spool before its delivery is counted: the count follows within moments
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
            assertThat(((Number) ((Map<?, ?>) acme.outages().get(0).get("counters")).get("delivered")).longValue()).isEqualTo(3));
    }

    @Test
    void partnersRolesPoliciesAndTheAuditShouldBeKeptInCassandra() {
        gateway.webAdmin().body("{\"id\":\"channel-one\",\"displayName\":\"Channel One\"}").post("/continuity/partners")
            .then().statusCode(201);
        gateway.webAdmin().put("/continuity/organisations/acme/admins/" + ADMIN).then().statusCode(204);
        gateway.webAdmin().body("{\"firstDelayedNotice\":\"2h\"}").put("/continuity/organisations/acme/policy").then().statusCode(204);

        JsonPath read = gateway.jmap(ADMIN, TestOrganisation.PASSWORD)
            .call("[[\"Mailbox/get\",{\"accountId\":\"" + AccountIds.of(Username.of(BOB)) + "\",\"ids\":null},\"m\"]]");

        assertThat(read.getString("methodResponses[0][0]")).isEqualTo("Mailbox/get");
        List<Map<String, Object>> audit = gateway.webAdmin().queryParam("target", BOB).get("/continuity/audit")
            .then().statusCode(200).extract().jsonPath().getList("");
        assertThat(audit).anySatisfy(entry -> assertThat(entry).containsEntry("actor", ADMIN).containsEntry("allowed", true));
        assertThat(gateway.webAdmin().get("/continuity/organisations/acme/policy").then().statusCode(200)
            .extract().jsonPath().getString("overrides.firstDelayedNotice")).isEqualTo("2h");
        assertThat(rows("partners")).isEqualTo(1);
        assertThat(rows("roles_by_user")).isEqualTo(1);
        assertThat(rows("role_holders")).isEqualTo(1);
        assertThat(rows("organisation_policies")).isEqualTo(1);
        assertThat(rows("audit_log")).isPositive();
    }
}
