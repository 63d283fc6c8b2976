package io.emergencyinbox.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.james.core.Username;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.emergencyinbox.jmap.access.AccountIds;
import io.restassured.path.json.JsonPath;

/**
 * Who may open which account, through real JMAP requests and our WebAdmin routes with real JWTs:
 * every role against every kind of target (own account, same organisation, another domain of the
 * same organisation, another organisation, the partner's organisations, an unknown account).
 */
class AccessControlTest {
    static final String ADMIN = "admin@acme.test";
    static final String ALICE = "alice@acme.test";
    static final String CAROL = "carol@acme-eu.test";
    static final String GADMIN = "gadmin@globex.test";
    static final String GINA = "gina@globex.test";
    static final String IVAN = "ivan@initech.test";
    static final String PAT = "pat@channel.test";
    static final String UNKNOWN_ACCOUNT = "0000000000000000000000000000000000000000000000000000000000000000";
    /** Who may read whose account: everyone their own, and organisation admins their organisation's users. */
    static final Map<String, Set<String>> READABLE = Map.of(
        ALICE, Set.of(ALICE),
        ADMIN, Set.of(ADMIN, ALICE, CAROL),
        PAT, Set.of(PAT),
        GADMIN, Set.of(GADMIN, GINA),
        IVAN, Set.of(IVAN));

    @RegisterExtension
    static GatewayExtension gateway = GatewayExtension.builder().webAdminJwt().build();

    static final List<TestOrganisation> organisations = new ArrayList<>();

    @BeforeAll
    static void setUp() {
        gateway.webAdmin().put("/domains/channel.test").then().statusCode(204);
        gateway.webAdmin().body("{\"id\":\"channel\",\"displayName\":\"Channel One\"}").post("/continuity/partners").then().statusCode(201);
        gateway.webAdmin().body("{\"id\":\"other\",\"displayName\":\"Other partner\"}").post("/continuity/partners").then().statusCode(201);
        organisations.add(TestOrganisation.create(gateway, "acme", "acme.test", ADMIN, ALICE));
        gateway.webAdmin().put("/domains/acme-eu.test").then().statusCode(204);
        gateway.webAdmin().put("/continuity/organisations/acme/domains/acme-eu.test").then().statusCode(204);
        gateway.webAdmin().body("{\"password\":\"" + TestOrganisation.PASSWORD + "\"}").put("/users/" + CAROL).then().statusCode(204);
        organisations.add(TestOrganisation.create(gateway, "globex", "globex.test", GADMIN, GINA));
        organisations.add(TestOrganisation.create(gateway, "initech", "initech.test", IVAN));
        gateway.webAdmin().body("{\"password\":\"" + TestOrganisation.PASSWORD + "\"}").put("/users/" + PAT).then().statusCode(204);
        gateway.webAdmin().put("/continuity/organisations/acme/partner/channel").then().statusCode(204);
        gateway.webAdmin().put("/continuity/organisations/globex/partner/channel").then().statusCode(204);
        gateway.webAdmin().put("/continuity/organisations/initech/partner/other").then().statusCode(204);
        gateway.webAdmin().put("/continuity/organisations/acme/admins/" + ADMIN).then().statusCode(204);
        gateway.webAdmin().put("/continuity/organisations/globex/admins/" + GADMIN).then().statusCode(204);
        gateway.webAdmin().put("/continuity/partners/channel/admins/" + PAT).then().statusCode(204);
        organisations.forEach(organisation -> {
            organisation.downstream().stop();
            organisation.awaitState("DOWN");
        });
        for (String user : List.of(ADMIN, ALICE, CAROL, GADMIN, GINA, IVAN)) {
            gateway.smtp().send("someone@example.com", user, "For " + user);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> Stream.of(ADMIN, ALICE, CAROL, GADMIN, GINA, IVAN)
            .allMatch(user -> TestOrganisation.emergencySubjects(gateway, user).size() == 1));
    }

    @AfterAll
    static void tearDown() {
        organisations.forEach(TestOrganisation::close);
    }

    static Stream<Arguments> everyActorAgainstEveryTarget() {
        List<String> actors = List.of(ALICE, ADMIN, PAT, GADMIN, IVAN);
        List<String> targets = List.of(ADMIN, ALICE, CAROL, GINA, IVAN, PAT, "unknown");
        List<String> methods = List.of("Mailbox/get", "Email/query", "Continuity/get");
        return actors.stream().flatMap(actor -> targets.stream().flatMap(target -> methods.stream()
            .map(method -> Arguments.of(actor, target, method))));
    }

    @ParameterizedTest(name = "{0} calls {2} on the account of {1}")
    @MethodSource("everyActorAgainstEveryTarget")
    void aRequestShouldGetDataExactlyWhenThePolicyAllowsIt(String actor, String target, String method) {
        String accountId = target.equals("unknown") ? UNKNOWN_ACCOUNT : AccountIds.of(Username.of(target));
        JsonPath response = gateway.jmap(actor, TestOrganisation.PASSWORD).call(using(method), "[[\"" + method + "\","
            + arguments(method, accountId) + ",\"c\"]]");

        if (READABLE.get(actor).contains(target)) {
            assertThat(response.getString("methodResponses[0][0]")).isEqualTo(method);
            assertThat(response.getString("methodResponses[0][1].accountId")).isEqualTo(accountId);
        } else {
            assertThat(response.getString("methodResponses[0][0]")).isEqualTo("error");
            assertThat(response.getMap("methodResponses[0][1]")).containsOnlyKeys("type").containsEntry("type", "accountNotFound");
        }
    }

    @Test
    void eachSessionShouldListExactlyTheAccountsItsUserMayOpen() {
        for (Map.Entry<String, Set<String>> readable : READABLE.entrySet()) {
            Map<String, Object> accounts = gateway.jmap(readable.getKey(), TestOrganisation.PASSWORD).session().getMap("accounts");
            assertThat(accounts.keySet()).as(readable.getKey())
                .containsExactlyInAnyOrderElementsOf(readable.getValue().stream().map(user -> AccountIds.of(Username.of(user)))
                    .collect(Collectors.toList()));
        }
    }

    @Test
    void anAdministratorShouldReadButNotChangeOrSendFromAUsersAccount() {
        JmapClient admin = gateway.jmap(ADMIN, TestOrganisation.PASSWORD);
        String alice = AccountIds.of(Username.of(ALICE));
        String emailId = admin.call("[[\"Email/query\",{\"accountId\":\"" + alice + "\"},\"q\"]]").getString("methodResponses[0][1].ids[0]");

        JsonPath set = admin.call("[[\"Email/set\",{\"accountId\":\"" + alice + "\",\"update\":{\"" + emailId
            + "\":{\"keywords/$seen\":true}}},\"s\"]]");
        assertThat(set.getString("methodResponses[0][0]")).isEqualTo("error");
        assertThat(set.getString("methodResponses[0][1].type")).isEqualTo("forbidden");

        JsonPath own = gateway.jmap(ALICE, TestOrganisation.PASSWORD).call("[[\"Email/set\",{\"accountId\":\"" + alice
            + "\",\"update\":{\"" + emailId + "\":{\"keywords/$seen\":true}}},\"s\"]]");
        assertThat(own.getMap("methodResponses[0][1].updated")).containsKey(emailId);
    }

    @Test
    void downloadsShouldFollowTheSamePolicyAndBeAudited() {
        JmapClient admin = gateway.jmap(ADMIN, TestOrganisation.PASSWORD);
        String alice = AccountIds.of(Username.of(ALICE));
        String blobId = admin.call("[[\"Email/query\",{\"accountId\":\"" + alice + "\"},\"q\"],"
            + "[\"Email/get\",{\"accountId\":\"" + alice + "\",\"#ids\":{\"resultOf\":\"q\",\"name\":\"Email/query\",\"path\":\"/ids\"},"
            + "\"properties\":[\"blobId\"]},\"g\"]]").getString("methodResponses[1][1].list[0].blobId");

        admin.request().get("/download/" + alice + "/" + blobId).then().statusCode(200);
        gateway.jmap(IVAN, TestOrganisation.PASSWORD).request().get("/download/" + alice + "/" + blobId).then().statusCode(403);

        List<Map<String, Object>> audit = gateway.webAdmin().queryParam("target", ALICE).get("/continuity/audit")
            .then().statusCode(200).extract().jsonPath().getList("");
        assertThat(audit).anySatisfy(entry -> assertThat(entry).containsEntry("actor", ADMIN).containsEntry("operation", "blob")
            .containsEntry("allowed", true));
        assertThat(audit).anySatisfy(entry -> assertThat(entry).containsEntry("actor", IVAN).containsEntry("operation", "blob")
            .containsEntry("allowed", false));
    }

    @Test
    void aDelegationAddedByHandAcrossOrganisationsShouldStillBeRefused() {
        gateway.webAdmin().put("/users/" + GINA + "/authorizedUsers/" + ADMIN).then().statusCode(200);
        // James accepted the delegation, but who may open gina's account is what the policy says: globex's admins.
        gateway.webAdmin().get("/users/" + GINA + "/authorizedUsers").then().statusCode(200).body("", containsInAnyOrder(GADMIN));

        JsonPath response = gateway.jmap(ADMIN, TestOrganisation.PASSWORD)
            .call("[[\"Mailbox/get\",{\"accountId\":\"" + AccountIds.of(Username.of(GINA)) + "\"},\"m\"]]");

        assertThat(response.getString("methodResponses[0][1].type")).isEqualTo("accountNotFound");
        assertThat(gateway.jmap(ADMIN, TestOrganisation.PASSWORD).session().getMap("accounts"))
            .doesNotContainKey(AccountIds.of(Username.of(GINA)));
    }

    @Test
    void aRevokedRoleShouldBeRefusedAtTheNextRequest() {
        String carol = AccountIds.of(Username.of(CAROL));
        JmapClient admin = gateway.jmap(ADMIN, TestOrganisation.PASSWORD);
        assertThat(admin.call("[[\"Mailbox/get\",{\"accountId\":\"" + carol + "\"},\"m\"]]").getString("methodResponses[0][0]"))
            .isEqualTo("Mailbox/get");

        gateway.webAdmin().delete("/continuity/organisations/acme/admins/" + ADMIN).then().statusCode(204);
        try {
            assertThat(admin.call("[[\"Mailbox/get\",{\"accountId\":\"" + carol + "\"},\"m\"]]").getString("methodResponses[0][1].type"))
                .isEqualTo("accountNotFound");
            gateway.webAdminAs(ADMIN).get("/continuity/organisations/acme/status").then().statusCode(403);
        } finally {
            gateway.webAdmin().put("/continuity/organisations/acme/admins/" + ADMIN).then().statusCode(204);
        }
    }

    @Test
    void accessesToAnotherAccountShouldBeAuditedExactlyAndShownToItsOwner() {
        String carol = AccountIds.of(Username.of(CAROL));
        gateway.jmap(ADMIN, TestOrganisation.PASSWORD).call("[[\"Email/query\",{\"accountId\":\"" + carol + "\"},\"q\"]]");
        gateway.jmap(GADMIN, TestOrganisation.PASSWORD).call("[[\"Mailbox/get\",{\"accountId\":\"" + carol + "\"},\"m\"]]");

        List<Map<String, Object>> entries = gateway.webAdmin().queryParam("target", CAROL).queryParam("limit", "50")
            .get("/continuity/audit").then().statusCode(200).extract().jsonPath().getList("");
        assertThat(entries).anySatisfy(entry -> assertThat(entry).containsEntry("actor", ADMIN).containsEntry("target", CAROL)
            .containsEntry("organisation", "acme").containsEntry("operation", "Email/query").containsEntry("allowed", true)
            .containsEntry("reason", "administrator of acme"));
        assertThat(entries).anySatisfy(entry -> assertThat(entry).containsEntry("actor", GADMIN).containsEntry("operation", "Mailbox/get")
            .containsEntry("allowed", false).containsEntry("reason", "not an administrator of acme"));
        assertThat(entries).noneSatisfy(entry -> assertThat(entry.get("actor")).isEqualTo(CAROL));

        JsonPath log = gateway.jmap(CAROL, TestOrganisation.PASSWORD).call(using("ContinuityAccessLog/query"),
            "[[\"ContinuityAccessLog/query\",{\"accountId\":\"" + carol + "\",\"limit\":50},\"l\"]]");
        List<Map<String, Object>> seen = log.getList("methodResponses[0][1].entries");
        assertThat(seen).anySatisfy(entry -> assertThat(entry).containsEntry("actor", ADMIN).containsEntry("operation", "Email/query"));
        assertThat(seen).anySatisfy(entry -> assertThat(entry).containsEntry("actor", GADMIN).containsEntry("allowed", false));
    }

    @Test
    void scopedAdminsShouldReachOnlyTheirOrganisationsOverWebAdmin() {
        gateway.webAdminAs(ADMIN).get("/continuity/organisations").then().statusCode(200).body("id", containsInAnyOrder("acme"));
        gateway.webAdminAs(ADMIN).get("/continuity/organisations/acme/status").then().statusCode(200);
        gateway.webAdminAs(ADMIN).get("/continuity/organisations/acme/spool").then().statusCode(200);
        gateway.webAdminAs(ADMIN).queryParam("organisation", "acme").get("/continuity/audit").then().statusCode(200);
        gateway.webAdminAs(ADMIN).get("/continuity/organisations/globex/status").then().statusCode(403);
        gateway.webAdminAs(ADMIN).body("{\"id\":\"sneaky\",\"displayName\":\"Sneaky\"}").post("/continuity/organisations").then().statusCode(403);
        gateway.webAdminAs(ADMIN).put("/continuity/organisations/globex/admins/" + ADMIN).then().statusCode(403);

        gateway.webAdminAs(PAT).get("/continuity/organisations").then().statusCode(200).body("id", containsInAnyOrder("acme", "globex"));
        gateway.webAdminAs(PAT).body("{\"firstDelayedNotice\":\"2h\"}").put("/continuity/organisations/globex/policy").then().statusCode(204);
        gateway.webAdminAs(PAT).get("/continuity/organisations/acme/spool").then().statusCode(403);
        gateway.webAdminAs(PAT).get("/continuity/organisations/initech").then().statusCode(403);
        gateway.webAdminAs(PAT).put("/continuity/organisations/acme/admins/" + PAT).then().statusCode(403);

        gateway.webAdminAs(ALICE).get("/continuity/organisations/acme").then().statusCode(403);
        gateway.webAdminAs(ALICE).get("/continuity/organisations").then().statusCode(200).body("size()", equalTo(0));
        io.restassured.RestAssured.given().port(gateway.webAdminPort()).get("/continuity/organisations").then().statusCode(401);
        io.restassured.RestAssured.given().port(gateway.webAdminPort()).header("Authorization", "Bearer not.a.token")
            .get("/continuity/organisations").then().statusCode(401);
        gateway.webAdminAs(ADMIN).get("/domains").then().statusCode(401);
    }

    private static String using(String method) {
        return method.startsWith("Continuity")
            ? "[\"urn:ietf:params:jmap:core\",\"urn:ietf:params:jmap:mail\",\"urn:io.emergencyinbox:params:jmap:continuity\"]"
            : JmapClient.USING;
    }

    private static String arguments(String method, String accountId) {
        return method.equals("Mailbox/get") ? "{\"accountId\":\"" + accountId + "\",\"ids\":null}" : "{\"accountId\":\"" + accountId + "\"}";
    }
}
