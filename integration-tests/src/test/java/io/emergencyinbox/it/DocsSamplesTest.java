package io.emergencyinbox.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.xml.parsers.DocumentBuilderFactory;

import org.apache.james.jdkim.DKIMVerifier;
import org.apache.james.jdkim.api.SignatureRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xml.sax.InputSource;

import io.emergencyinbox.core.config.ContinuityPolicy;
import io.emergencyinbox.testing.DownstreamServer;
import io.emergencyinbox.testing.ReceivedMail;

/**
 * Every sample of README.md, docs/operator-guide.md and docs/configuration.md is run or loaded
 * here, so the documentation cannot drift from the product.
 *
 * <p>Convention: the line just above each fenced block is an HTML comment (invisible once rendered)
 * saying what this test does with the block. A block without one, with an unknown kind, or in the
 * wrong language fails the test; so does a sample that does not parse, load or run.
 * <ul>
 * <li>{@code <!-- sample: run -->} ({@code sh}): run by {@code bash -euo pipefail} against the gateway
 * this test starts, in its working directory, with the documented addresses replaced by the test
 * gateway's: {@code 127.0.0.1:2525} SMTP, {@code 127.0.0.1:1080} JMAP, {@code 127.0.0.1:8000} WebAdmin,
 * {@code "port":2526} a port where nothing listens. It must exit 0. Blocks of a document run in order.</li>
 * <li>{@code <!-- sample: run-until TEXT -->} ({@code sh}): the same, for a block that only reads: run
 * again until it prints TEXT (mail is processed after SMTP's 250), 30 seconds at most.</li>
 * <li>{@code <!-- sample: setup -->} ({@code sh}): run in the gateway's working directory before it
 * starts (keys, certificates).</li>
 * <li>{@code <!-- sample: syntax -->} ({@code sh}): checked by {@code bash -n} only: commands that build
 * the project, start servers or need Docker.</li>
 * <li>{@code <!-- sample: continuity.properties -->} ({@code properties}): parsed strictly by
 * {@link ContinuityPolicy#parse}, as at start-up.</li>
 * <li>{@code <!-- sample: jmap.properties -->} ({@code properties}): its keys are set in the tested
 * gateway's {@code jmap.properties}.</li>
 * <li>{@code <!-- sample: smtp-tls -->} ({@code xml}): a {@code <tls>} element replacing the tested
 * gateway's in {@code smtpserver.xml}.</li>
 * <li>{@code <!-- sample: relay-mailets -->} ({@code xml}): mailets put first in the tested gateway's
 * {@code relay} processor, each PEM private key in them replaced by the {@code dkim.pem} a setup block
 * wrote.</li>
 * <li>{@code <!-- sample: xml -->} ({@code xml}): well-formed XML.</li>
 * <li>{@code <!-- sample: zone -->} ({@code dns}): DNS records in master-file format, parsed by dnsjava.</li>
 * </ul>
 */
class DocsSamplesTest {
    private static final Path ROOT = Path.of(System.getProperty("emergencyinbox.root"));
    private static final List<String> DOCUMENTS = List.of("README.md", "docs/operator-guide.md", "docs/configuration.md");
    private static final Map<String, String> LANGUAGES = Map.ofEntries(
        Map.entry("run", "sh"), Map.entry("run-until", "sh"), Map.entry("setup", "sh"), Map.entry("syntax", "sh"),
        Map.entry("continuity.properties", "properties"), Map.entry("jmap.properties", "properties"),
        Map.entry("smtp-tls", "xml"), Map.entry("relay-mailets", "xml"), Map.entry("xml", "xml"),
        Map.entry("zone", "dns"));
    private static final Pattern LOOPBACK_ADDRESS = Pattern.compile("127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern PEM_PRIVATE_KEY = Pattern.compile("-----BEGIN PRIVATE KEY-----.*?-----END PRIVATE KEY-----", Pattern.DOTALL);
    private static final String DKIM_KEY_FILE = "dkim.pem";

    /** Where mail the gateway sends to the internet goes (RemoteDelivery's gateway), to read the notices it signs. */
    private static final DownstreamServer OUTBOUND = DownstreamServer.start();
    /** The README's customer server "where nothing listens". */
    private static final int NOWHERE = TestConfiguration.freePort();
    private static Path workingDirectory;

    @RegisterExtension
    static GatewayExtension gateway = GatewayExtension.builder()
        .outboundRelay(OUTBOUND.port())
        .beforeStart(DocsSamplesTest::applySamples)
        .build();

    @AfterAll
    static void stopOutbound() {
        OUTBOUND.close();
    }

    @Test
    void everyCodeBlockShouldSayWhatThisTestDoesWithIt() {
        List<String> wrong = allSamples().stream()
            .filter(sample -> sample.kind.map(kind -> !sample.language.equals(LANGUAGES.get(kind))).orElse(true))
            .map(sample -> sample + " in language '" + sample.language + "'")
            .collect(Collectors.toList());

        assertThat(wrong).as("blocks without a known sample comment, or in the wrong language (see this test's documentation)").isEmpty();
    }

    @Test
    void continuityPropertiesSamplesShouldParseStrictly() throws IOException {
        List<DocumentSample> samples = samples("continuity.properties");

        assertThat(samples).isNotEmpty();
        for (DocumentSample sample : samples) {
            Properties properties = new Properties();
            properties.load(new StringReader(sample.content));
            Map<String, String> values = new LinkedHashMap<>();
            properties.stringPropertyNames().forEach(key -> values.put(key, properties.getProperty(key)));
            assertThat(values).as(sample.toString()).isNotEmpty();
            try {
                ContinuityPolicy.parse(values);
            } catch (RuntimeException e) {
                fail(sample + ": " + e.getMessage(), e);
            }
        }
    }

    @Test
    void xmlSamplesShouldBeWellFormed() throws Exception {
        List<DocumentSample> samples = new ArrayList<>(samples("xml"));
        samples.addAll(samples("smtp-tls"));
        samples.addAll(samples("relay-mailets"));

        assertThat(samples).isNotEmpty();
        for (DocumentSample sample : samples) {
            String document = sample.is("relay-mailets") ? "<mailets>" + sample.content + "</mailets>" : sample.content;
            try {
                DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(document)));
            } catch (Exception e) {
                fail(sample + ": " + e.getMessage(), e);
            }
        }
    }

    @Test
    void dnsSamplesShouldBeValidZoneFileRecords() throws IOException {
        List<DocumentSample> samples = samples("zone");

        assertThat(samples).isNotEmpty();
        for (DocumentSample sample : samples) {
            List<Record> records = new ArrayList<>();
            try (Master zone = new Master(new ByteArrayInputStream(sample.content.getBytes(StandardCharsets.US_ASCII)), Name.root)) {
                for (Record record = zone.nextRecord(); record != null; record = zone.nextRecord()) {
                    records.add(record);
                }
            } catch (IOException e) {
                fail(sample + ": " + e.getMessage(), e);
            }
            assertThat(records).as(sample.toString()).hasSize((int) sample.content.lines()
                .filter(line -> !line.isBlank() && !line.startsWith("$")).count());
        }
    }

    @Test
    void shellSamplesShouldBeValidShell() throws Exception {
        List<DocumentSample> samples = samples("syntax");

        assertThat(samples).isNotEmpty();
        for (DocumentSample sample : samples) {
            Process bash = new ProcessBuilder("bash", "-n", "-c", sample.content).redirectErrorStream(true).start();
            String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(bash.waitFor()).as("%s: %s", sample, output).isZero();
        }
    }

    @Test
    void readmeTourShouldShowTheSpooledMessageInTheEmergencyInbox() throws Exception {
        List<String> outputs = runDocument("README.md");

        assertThat(outputs).hasSizeGreaterThanOrEqualTo(4);
        assertThat(outputs.get(outputs.size() - 1)).contains("\"subject\": \"Hello from the outage\"")
            .contains("bob@example.com");
    }

    @Test
    void operatorGuideCommandsShouldRunAgainstTheGateway() throws Exception {
        assertThat(runDocument("docs/operator-guide.md")).isNotEmpty();
    }

    @Test
    void dkimSampleShouldSignTheNoticesTheGatewaySends() throws Exception {
        gateway.webAdmin().put("/domains/dkim.test").then().statusCode(204);
        gateway.webAdmin().body("{\"id\":\"dkim\",\"displayName\":\"DKIM\",\"domains\":[\"dkim.test\"]}")
            .post("/continuity/organisations").then().statusCode(201);
        gateway.webAdmin().body("{\"targets\":[{\"host\":\"127.0.0.1\",\"port\":" + NOWHERE + "}],\"connectTimeout\":\"1s\"}")
            .put("/continuity/organisations/dkim/route").then().statusCode(204);
        gateway.smtp().send("sender@remote.test", "user@dkim.test", "Returned with a signature");
        await().atMost(Duration.ofSeconds(30)).until(() ->
            gateway.webAdmin().get("/continuity/organisations/dkim/status").jsonPath().getInt("spooled") == 1);

        String purge = gateway.webAdmin().delete("/continuity/organisations/dkim/spool").then().statusCode(201).extract().jsonPath().getString("taskId");
        gateway.webAdmin().get("/tasks/" + purge + "/await").then().statusCode(200);

        await().atMost(Duration.ofSeconds(30)).until(() -> !OUTBOUND.receivedFor("sender@remote.test").isEmpty());
        ReceivedMail notice = OUTBOUND.receivedFor("sender@remote.test").get(0);
        assertThat(notice.mailFrom()).isEmpty();
        String record = "v=DKIM1; k=rsa; p=" + publicKeyOf(workingDirectory.resolve(DKIM_KEY_FILE));
        List<SignatureRecord> signatures = new DKIMVerifier((method, selector, domain) -> List.of(record))
            .verify(new ByteArrayInputStream(notice.content()));
        assertThat(signatures).extracting(signature -> signature.getDToken().toString()).containsExactly("gateway.example");
        assertThat(signatures).extracting(signature -> signature.getSelector().toString()).containsExactly("emergency");
    }

    /** Runs the document's setup samples and puts its configuration samples into the gateway's files, before it starts. */
    private static void applySamples(Path directory) throws Exception {
        workingDirectory = directory;
        Path conf = directory.resolve("conf");
        for (DocumentSample setup : samples("setup")) {
            run(setup, Map.of());
        }
        for (DocumentSample sample : samples("jmap.properties")) {
            Properties properties = new Properties();
            properties.load(new StringReader(sample.content));
            Map<String, String> values = new LinkedHashMap<>();
            properties.stringPropertyNames().forEach(key -> values.put(key, properties.getProperty(key)));
            TestConfiguration.overrideProperties(conf.resolve("jmap.properties"), values);
        }
        for (DocumentSample sample : samples("smtp-tls")) {
            TestConfiguration.replace(conf.resolve("smtpserver.xml"), "<tls socketTLS=\"false\" startTLS=\"false\"/>", sample.content.trim());
        }
        for (DocumentSample sample : samples("relay-mailets")) {
            String key = Files.readString(directory.resolve(DKIM_KEY_FILE)).trim();
            String mailets = PEM_PRIVATE_KEY.matcher(sample.content).replaceAll(Matcher.quoteReplacement(key));
            TestConfiguration.replace(conf.resolve("mailetcontainer.xml"), "<processor state=\"relay\" enableJmx=\"true\">",
                "<processor state=\"relay\" enableJmx=\"true\">\n" + mailets);
        }
    }

    /** Runs the run and run-until samples of a document in order, and returns what each printed. */
    private List<String> runDocument(String document) throws Exception {
        Map<String, String> addresses = Map.of(
            "127.0.0.1:2525", "127.0.0.1:" + gateway.smtpPort(),
            "127.0.0.1:1080", "127.0.0.1:" + gateway.jmapPort(),
            "127.0.0.1:8000", "127.0.0.1:" + gateway.webAdminPort(),
            "\"port\":2526", "\"port\":" + NOWHERE);
        List<String> outputs = new ArrayList<>();
        for (DocumentSample sample : DocumentSample.read(ROOT, document)) {
            if (sample.is("run")) {
                outputs.add(run(sample, addresses));
            } else if (sample.is("run-until")) {
                String expected = sample.argument.orElseThrow(() -> new AssertionError(sample + ": run-until needs the text to wait for"));
                String[] last = {""};
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> assertThat(last[0] = run(sample, addresses)).as(sample.toString()).contains(expected));
                outputs.add(last[0]);
            }
        }
        return outputs;
    }

    /** Runs a shell sample in the gateway's working directory; fails unless it exits 0 within a minute. */
    private static String run(DocumentSample sample, Map<String, String> addresses) throws Exception {
        Set<String> unknown = LOOPBACK_ADDRESS.matcher(sample.content).results().map(match -> match.group())
            .filter(address -> !addresses.containsKey(address)).collect(Collectors.toSet());
        assertThat(unknown).as("%s uses addresses this test does not replace", sample).isEmpty();
        String script = sample.content;
        for (Map.Entry<String, String> address : addresses.entrySet()) {
            script = script.replace(address.getKey(), address.getValue());
        }
        Path output = Files.createTempFile(workingDirectory, "sample", ".out");
        Process bash = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script)
            .directory(workingDirectory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
        boolean finished = bash.waitFor(60, TimeUnit.SECONDS);
        if (!finished) {
            bash.destroyForcibly();
        }
        String printed = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(finished && bash.exitValue() == 0).as("%s exited %s:\n%s", sample, finished ? bash.exitValue() : "after 60 s", printed).isTrue();
        return printed;
    }

    private static List<DocumentSample> allSamples() {
        return DOCUMENTS.stream().flatMap(document -> DocumentSample.read(ROOT, document).stream()).collect(Collectors.toList());
    }

    private static List<DocumentSample> samples(String kind) {
        return allSamples().stream().filter(sample -> sample.is(kind)).collect(Collectors.toList());
    }

    /** The base64 DER public key of a PKCS#8 RSA private key, as published in a DKIM DNS record. */
    private static String publicKeyOf(Path privateKeyPem) throws Exception {
        String base64 = PEM_PRIVATE_KEY.matcher(Files.readString(privateKeyPem)).results().findFirst().orElseThrow().group()
            .replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "").replaceAll("\\s", "");
        KeyFactory rsa = KeyFactory.getInstance("RSA");
        RSAPrivateCrtKey key = (RSAPrivateCrtKey) rsa.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        return Base64.getEncoder().encodeToString(rsa.generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent())).getEncoded());
    }
}
