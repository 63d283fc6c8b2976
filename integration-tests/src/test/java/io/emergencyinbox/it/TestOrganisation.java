package io.emergencyinbox.it;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import io.emergencyinbox.testing.DownstreamServer;
import io.restassured.path.json.JsonPath;

/** A customer organisation set up over WebAdmin, with its own real downstream server and users. */
public final class TestOrganisation implements AutoCloseable {
    public static final String PASSWORD = "userPassword1";

    public static TestOrganisation create(GatewayExtension gateway, String id, String domain, String... users) {
        DownstreamServer downstream = DownstreamServer.start();
        gateway.webAdmin().put("/domains/" + domain).then().statusCode(204);
        gateway.webAdmin().body("{\"id\":\"" + id + "\",\"displayName\":\"" + id + "\",\"domains\":[\"" + domain + "\"]}")
            .post("/continuity/organisations").then().statusCode(201);
        gateway.webAdmin().body("{\"targets\":[{\"host\":\"127.0.0.1\",\"port\":" + downstream.port() + "}],"
                + "\"connectTimeout\":\"1s\",\"commandTimeout\":\"2s\"}")
            .put("/continuity/organisations/" + id + "/route").then().statusCode(204);
        for (String user : users) {
            gateway.webAdmin().body("{\"password\":\"" + PASSWORD + "\"}").put("/users/" + user).then().statusCode(204);
        }
        return new TestOrganisation(gateway, id, downstream);
    }

    private final GatewayExtension gateway;
    private final String id;
    private final DownstreamServer downstream;

    private TestOrganisation(GatewayExtension gateway, String id, DownstreamServer downstream) {
        this.gateway = gateway;
        this.id = id;
        this.downstream = downstream;
    }

    public String id() {
        return id;
    }

    public DownstreamServer downstream() {
        return downstream;
    }

    public JsonPath status() {
        return gateway.webAdmin().get("/continuity/organisations/" + id + "/status").then().statusCode(200).extract().jsonPath();
    }

    public void awaitState(String state) {
        await().atMost(Duration.ofSeconds(30)).until(() -> state.equals(status().getString("state")));
    }

    public long spooled() {
        return status().getLong("spooled");
    }

    public List<Map<String, Object>> outages() {
        return gateway.webAdmin().get("/continuity/organisations/" + id + "/outages").then().statusCode(200)
            .extract().jsonPath().getList("");
    }

    public JsonPath spool() {
        return gateway.webAdmin().get("/continuity/organisations/" + id + "/spool").then().statusCode(200).extract().jsonPath();
    }

    /** The messages in the user's Emergency mailbox, newest first, with the given JMAP properties. */
    public static List<Map<String, Object>> emergencyInbox(GatewayExtension gateway, String user, String... properties) {
        JmapClient jmap = gateway.jmap(user, PASSWORD);
        String account = jmap.accountId();
        Optional<String> mailbox = jmap.mailboxId(account, "Emergency");
        if (mailbox.isEmpty()) {
            return List.of();
        }
        List<String> ids = jmap.emailIds(account, mailbox.get());
        return ids.isEmpty() ? List.of() : jmap.emails(account, ids, properties);
    }

    public static List<String> emergencySubjects(GatewayExtension gateway, String user) {
        return emergencyInbox(gateway, user, "subject").stream()
            .map(email -> (String) email.get("subject")).collect(Collectors.toList());
    }

    @Override
    public void close() {
        downstream.close();
    }
}
