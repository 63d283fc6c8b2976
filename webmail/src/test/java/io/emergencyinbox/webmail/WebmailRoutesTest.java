package io.emergencyinbox.webmail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.james.jmap.JMAPRoute;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/** The webmail's files over real HTTP, routed the way James's JMAP server routes (first matching route). */
class WebmailRoutesTest {
    static DisposableServer server;
    static final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() {
        List<JMAPRoute> routes = new WebmailRoutes().routes().collect(Collectors.toList());
        server = HttpServer.create().host("127.0.0.1").port(0)
            .handle((request, response) -> routes.stream().filter(route -> route.matches(request)).findFirst()
                .map(route -> route.getAction().handleRequest(request, response))
                .orElseGet(() -> response.status(404).send()))
            .bindNow();
    }

    @AfterAll
    static void stop() {
        server.disposeNow();
    }

    static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void webmailWithoutTrailingSlashShouldRedirectToTheApplication() throws Exception {
        HttpResponse<String> response = get("/webmail");

        assertThat(response.statusCode()).isEqualTo(308);
        assertThat(response.headers().firstValue("Location")).contains("/webmail/");
    }

    @Test
    void theApplicationShouldBeServedAsHtmlWithAStrictContentSecurityPolicy() throws Exception {
        HttpResponse<String> response = get("/webmail/");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
        assertThat(response.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(response.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(policy -> assertThat(policy)
            .contains("default-src 'none'", "script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'")
            .doesNotContain("unsafe-eval")
            .doesNotContainPattern("script-src[^;]*unsafe-inline"));
        assertThat(response.body()).contains("<script type=\"module\" src=\"js/main.js\"></script>");
    }

    @Test
    void modulesShouldBeServedAsJavaScript() throws Exception {
        HttpResponse<String> response = get("/webmail/js/main.js");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("text/javascript; charset=utf-8");
        assertThat(response.body()).contains("import");
    }

    @Test
    void domPurifyShouldBeServedFromItsWebJar() throws Exception {
        HttpResponse<String> response = get("/webmail/vendor/purify.es.mjs");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("text/javascript; charset=utf-8");
        assertThat(response.body()).contains("export { purify as default }");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/webmail/missing.js",
        "/webmail/js",
        "/webmail/js/",
        "/webmail/../webmail/index.html",
        "/webmail/js/../index.html",
        "/webmail/%2e%2e/index.html",
        "/webmail/js%2fmain.js",
        "/webmail//index.html",
        "/webmail/.hidden.js",
        "/webmail/io/emergencyinbox/webmail/WebmailRoutes.class",
        "/webmail/../../META-INF/MANIFEST.MF",
        "/webmail/vendor/purify.js",
        "/webmail-other/index.html"
    })
    void anythingElseShouldBeNotFound(String path) throws Exception {
        HttpResponse<String> response = get(path);

        assertThat(response.statusCode()).isEqualTo(404);
    }
}
