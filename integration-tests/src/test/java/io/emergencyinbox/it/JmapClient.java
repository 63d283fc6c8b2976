package io.emergencyinbox.it;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/** A plain JMAP (RFC 8620/8621) client over HTTP with Basic authentication, for assertions in tests. */
public final class JmapClient {
    static final String USING = "[\"urn:ietf:params:jmap:core\",\"urn:ietf:params:jmap:mail\"]";

    private final int port;
    private final String username;
    private final String password;

    public JmapClient(int port, String username, String password) {
        this.port = port;
        this.username = username;
        this.password = password;
    }

    public RequestSpecification request() {
        return given()
            .baseUri("http://127.0.0.1")
            .port(port)
            .auth().preemptive().basic(username, password)
            .contentType(ContentType.JSON)
            .accept("application/json; jmapVersion=rfc-8621");
    }

    public JsonPath session() {
        return request().get("/jmap/session").then().statusCode(200).extract().jsonPath();
    }

    public String accountId() {
        return session().getString("primaryAccounts.'urn:ietf:params:jmap:mail'");
    }

    /** Posts a JMAP request whose methodCalls are given as JSON, and returns the response. */
    public JsonPath call(String using, String methodCalls) {
        return request()
            .body("{\"using\":" + using + ",\"methodCalls\":" + methodCalls + "}")
            .post("/jmap")
            .then().statusCode(200).extract().jsonPath();
    }

    public JsonPath call(String methodCalls) {
        return call(USING, methodCalls);
    }

    public Optional<String> mailboxId(String accountId, String name) {
        List<Map<String, Object>> mailboxes = call("[[\"Mailbox/get\",{\"accountId\":\"" + accountId + "\",\"ids\":null},\"m\"]]")
            .getList("methodResponses[0][1].list");
        return mailboxes.stream().filter(mailbox -> name.equals(mailbox.get("name")))
            .map(mailbox -> (String) mailbox.get("id")).findFirst();
    }

    public List<String> emailIds(String accountId, String mailboxId) {
        return call("[[\"Email/query\",{\"accountId\":\"" + accountId + "\",\"filter\":{\"inMailbox\":\"" + mailboxId + "\"},"
            + "\"sort\":[{\"property\":\"receivedAt\",\"isAscending\":false}]},\"q\"]]")
            .getList("methodResponses[0][1].ids");
    }

    public List<Map<String, Object>> emails(String accountId, List<String> ids, String... properties) {
        return call("[[\"Email/get\",{\"accountId\":\"" + accountId + "\",\"ids\":" + json(ids) + ",\"properties\":" + json(List.of(properties))
            + ",\"fetchTextBodyValues\":true},\"g\"]]")
            .getList("methodResponses[0][1].list");
    }

    private static String json(List<String> values) {
        StringBuilder builder = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            builder.append(i == 0 ? "" : ",").append('"').append(values.get(i)).append('"');
        }
        return builder.append(']').toString();
    }
}
