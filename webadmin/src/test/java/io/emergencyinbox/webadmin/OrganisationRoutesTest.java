package io.emergencyinbox.webadmin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.time.Instant;
import java.util.List;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.domainlist.lib.DomainListConfiguration;
import org.apache.james.domainlist.memory.MemoryDomainList;
import org.apache.james.webadmin.WebAdminServer;
import org.apache.james.webadmin.WebAdminUtils;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.emergencyinbox.core.access.MemoryPartnerStore;
import io.emergencyinbox.core.engine.OrganisationDeletion;
import io.emergencyinbox.core.health.MemoryDownstreamStateStore;
import io.emergencyinbox.core.message.EnvelopeRecipient;
import io.emergencyinbox.core.organisation.MemoryOrganisationStore;
import io.emergencyinbox.core.organisation.OrganisationId;
import io.emergencyinbox.core.outage.MemoryOutageStore;
import io.emergencyinbox.core.policy.MemoryOrganisationPolicyStore;
import io.emergencyinbox.core.spool.MemorySpoolStore;
import io.emergencyinbox.core.spool.SpoolEntry;
import io.emergencyinbox.core.spool.SpoolEntryId;
import io.emergencyinbox.core.spool.SpoolRecipient;
import io.emergencyinbox.testing.DownstreamServer;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

class OrganisationRoutesTest {
    private WebAdminServer server;
    private MemoryOrganisationStore organisations;
    private MemorySpoolStore spool;

    @BeforeEach
    void setUp() throws Exception {
        MemoryDomainList domainList = new MemoryDomainList(null);
        domainList.configure(DomainListConfiguration.DEFAULT);
        domainList.addDomain(Domain.of("acme.test"));
        domainList.addDomain(Domain.of("acme-corp.test"));
        domainList.addDomain(Domain.of("globex.test"));
        organisations = new MemoryOrganisationStore();
        spool = new MemorySpoolStore();
        OrganisationDeletion deletion = new OrganisationDeletion(organisations, spool, new MemoryDownstreamStateStore(),
            new MemoryOutageStore(), new MemoryOrganisationPolicyStore());
        server = WebAdminUtils.createWebAdminServer(new OrganisationRoutes(organisations, deletion, new MemoryPartnerStore(), domainList, new JsonTransformer())).start();
        RestAssured.requestSpecification = WebAdminUtils.buildRequestSpecification(server).setContentType(ContentType.JSON).build();
    }

    @AfterEach
    void tearDown() {
        server.destroy();
    }

    @Test
    void createdOrganisationShouldBeReadBack() {
        given().body("{\"id\":\"acme\",\"displayName\":\"Acme Corp\",\"domains\":[\"acme.test\",\"acme-corp.test\"]}")
            .post("/continuity/organisations")
            .then().statusCode(201)
            .header("Location", "/continuity/organisations/acme");

        given().get("/continuity/organisations/acme").then().statusCode(200)
            .body("id", equalTo("acme"))
            .body("displayName", equalTo("Acme Corp"))
            .body("domains", equalTo(List.of("acme-corp.test", "acme.test")));
        given().get("/continuity/organisations").then().statusCode(200).body("", hasSize(1));
    }

    @Test
    void aDuplicateOrganisationShouldBeAConflict() {
        createAcme();

        given().body("{\"id\":\"acme\",\"displayName\":\"Acme again\"}")
            .post("/continuity/organisations")
            .then().statusCode(409)
            .body("type", equalTo("WrongState"))
            .body("message", equalTo("Organisation 'acme' already exists"));
    }

    @Test
    void aDomainUnknownToTheGatewayShouldBeNotFoundWithTheWayToCreateIt() {
        given().body("{\"id\":\"initech\",\"displayName\":\"Initech\",\"domains\":[\"initech.test\"]}")
            .post("/continuity/organisations")
            .then().statusCode(404)
            .body("message", equalTo("Domain 'initech.test' is not a domain of this gateway: create it first with PUT /domains/initech.test"));
        assertThat(organisations.get(OrganisationId.of("initech")).blockOptional()).isEmpty();
    }

    @Test
    void aDomainOwnedByAnotherOrganisationShouldBeAConflict() {
        createAcme();
        given().body("{\"id\":\"globex\",\"displayName\":\"Globex\"}").post("/continuity/organisations").then().statusCode(201);

        given().put("/continuity/organisations/globex/domains/acme.test")
            .then().statusCode(409)
            .body("message", equalTo("Domain 'acme.test' already belongs to organisation 'acme'"));
    }

    @Test
    void malformedJsonShouldBeABadRequestSayingWhy() {
        given().body("{\"id\":\"acme\",").post("/continuity/organisations")
            .then().statusCode(400)
            .body("type", equalTo("InvalidArgument"))
            .body("message", containsString("Malformed JSON"));
    }

    @Test
    void anUnknownFieldShouldBeABadRequestNamingIt() {
        given().body("{\"id\":\"acme\",\"displayName\":\"Acme\",\"domain\":[\"acme.test\"]}").post("/continuity/organisations")
            .then().statusCode(400)
            .body("message", containsString("Unknown field 'domain'"))
            .body("message", containsString("domains"));
    }

    @Test
    void aMissingRequiredFieldShouldBeABadRequest() {
        given().body("{\"id\":\"acme\"}").post("/continuity/organisations")
            .then().statusCode(400)
            .body("message", equalTo("Missing required field 'displayName'"));
    }

    @Test
    void anInvalidOrganisationIdShouldBeABadRequest() {
        given().body("{\"id\":\"Acme Corp!\",\"displayName\":\"Acme\"}").post("/continuity/organisations")
            .then().statusCode(400)
            .body("message", containsString("Invalid organisation id 'Acme Corp!'"));
    }

    @Test
    void anInvalidDomainShouldBeABadRequest() {
        createAcme();

        given().put("/continuity/organisations/acme/domains/not..valid")
            .then().statusCode(400)
            .body("message", containsString("Invalid domain 'not..valid'"));
    }

    @Test
    void anUnknownOrganisationShouldBeNotFound() {
        given().get("/continuity/organisations/nobody").then().statusCode(404)
            .body("message", equalTo("Organisation 'nobody' does not exist"));
        given().put("/continuity/organisations/nobody/domains/acme.test").then().statusCode(404);
        given().body("{\"targets\":[{\"host\":\"mx.acme.test\",\"port\":25}]}").put("/continuity/organisations/nobody/route")
            .then().statusCode(404);
    }

    @Test
    void aRouteShouldBeStoredAndReadBackWithoutItsPassword() {
        createAcme();

        given().body("{\"targets\":[{\"host\":\"mx2.acme.test\",\"port\":2525,\"priority\":20},{\"host\":\"mx1.acme.test\",\"port\":25,\"priority\":10}],"
                + "\"tls\":\"required\",\"connectTimeout\":\"5s\",\"commandTimeout\":\"2m\","
                + "\"credentials\":{\"username\":\"gateway\",\"password\":\"s3cret\"}}")
            .put("/continuity/organisations/acme/route")
            .then().statusCode(204);

        String route = given().get("/continuity/organisations/acme/route").then().statusCode(200)
            .body("targets[0].host", equalTo("mx1.acme.test"))
            .body("targets[1].port", equalTo(2525))
            .body("tls", equalTo("REQUIRED"))
            .body("connectTimeout", equalTo("5s"))
            .body("commandTimeout", equalTo("2m"))
            .body("credentials.username", equalTo("gateway"))
            .extract().asString();
        assertThat(route).doesNotContain("s3cret");
    }

    @Test
    void aVerifiedRouteShouldBeStoredWithItsTrustedCertificates() {
        createAcme();
        String pem = DownstreamServer.certificatePem();

        given().body("{\"targets\":[{\"host\":\"mx1.acme.test\",\"port\":25}],\"tls\":\"verify\","
                + "\"trustedCertificates\":\"Acme internal CA\\r\\n" + pem.replace("\n", "\\r\\n") + "\"}")
            .put("/continuity/organisations/acme/route")
            .then().statusCode(204);

        given().get("/continuity/organisations/acme/route").then().statusCode(200)
            .body("tls", equalTo("VERIFY"))
            .body("trustedCertificates", equalTo(pem));
        assertThat(organisations.get(OrganisationId.of("acme")).block().route().get().trustedCertificates().get().certificates())
            .hasSize(1);
    }

    @Test
    void trustedCertificatesShouldBeRefusedWhenInvalidOrNotVerified() {
        createAcme();
        String pem = DownstreamServer.certificatePem().replace("\n", "\\n");

        given().body("{\"targets\":[{\"host\":\"mx.acme.test\",\"port\":25}],\"tls\":\"REQUIRED\",\"trustedCertificates\":\"" + pem + "\"}")
            .put("/continuity/organisations/acme/route")
            .then().statusCode(400).body("message", containsString("'trustedCertificates' is only used with \"tls\": \"VERIFY\""));
        given().body("{\"targets\":[{\"host\":\"mx.acme.test\",\"port\":25}],\"tls\":\"VERIFY\",\"trustedCertificates\":\"MIIB\"}")
            .put("/continuity/organisations/acme/route")
            .then().statusCode(400).body("message", containsString("'trustedCertificates': no '-----BEGIN CERTIFICATE-----' block found"));
        given().get("/continuity/organisations/acme/route").then().statusCode(404);
    }

    @Test
    void anInvalidRouteShouldBeABadRequestNamingTheProblem() {
        createAcme();

        given().body("{\"targets\":[]}").put("/continuity/organisations/acme/route")
            .then().statusCode(400).body("message", containsString("at least one server"));
        given().body("{\"targets\":[{\"host\":\"mx.acme.test\",\"port\":0}]}").put("/continuity/organisations/acme/route")
            .then().statusCode(400).body("message", containsString("port must be between 1 and 65535"));
        given().body("{\"targets\":[{\"host\":\"mx.acme.test\",\"port\":\"twenty-five\"}]}").put("/continuity/organisations/acme/route")
            .then().statusCode(400).body("message", containsString("targets[0].port"));
        given().body("{\"targets\":[{\"host\":\"mx.acme.test\",\"port\":25}],\"tls\":\"sometimes\"}").put("/continuity/organisations/acme/route")
            .then().statusCode(400).body("message", containsString("'tls' must be one of OFF, OPPORTUNISTIC, REQUIRED, VERIFY"));
        given().body("{\"targets\":[{\"host\":\"mx.acme.test\",\"port\":25}],\"connectTimeout\":\"soon\"}").put("/continuity/organisations/acme/route")
            .then().statusCode(400).body("message", containsString("'connectTimeout'"));
        given().get("/continuity/organisations/acme/route").then().statusCode(404);
    }

    @Test
    void anOrganisationWithSpooledMailShouldNotBeDeleted() {
        createAcme();
        Instant now = Instant.now();
        spool.add(SpoolEntry.builder().id(SpoolEntryId.random()).organisation(OrganisationId.of("acme"))
            .sender(MaybeSender.nullSender())
            .recipients(List.of(SpoolRecipient.pending(EnvelopeRecipient.of(address("alice@acme.test")))))
            .arrival(now).expiry(now.plusSeconds(3600)).nextAttempt(now).build()).block();

        given().delete("/continuity/organisations/acme").then().statusCode(409)
            .body("message", containsString("still has 1 spooled message(s)"));
        assertThat(organisations.get(OrganisationId.of("acme")).blockOptional()).isPresent();
    }

    @Test
    void deletingShouldBeIdempotentAndReleaseTheDomains() {
        createAcme();

        given().delete("/continuity/organisations/acme").then().statusCode(204);
        given().delete("/continuity/organisations/acme").then().statusCode(204);
        given().body("{\"id\":\"globex\",\"displayName\":\"Globex\",\"domains\":[\"acme.test\"]}").post("/continuity/organisations")
            .then().statusCode(201);
    }

    private static void createAcme() {
        given().body("{\"id\":\"acme\",\"displayName\":\"Acme Corp\",\"domains\":[\"acme.test\"]}")
            .post("/continuity/organisations").then().statusCode(201);
    }

    private static MailAddress address(String value) {
        try {
            return new MailAddress(value);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
