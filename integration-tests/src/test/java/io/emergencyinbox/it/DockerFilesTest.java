package io.emergencyinbox.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

/**
 * What can be checked of docker/ without a Docker engine (none on the build machines; no image is
 * built here). Each Dockerfile's files are laid out in a temporary directory standing for the image
 * ("staging"): what COPY copies (jars linked, other files copied), then every RUN that calls one of
 * our scripts from docker/, run on those files. RUN lines creating users or changing owners need a
 * real build and are not run. The full server's ENTRYPOINT is then started from the staged working
 * directory, with only its ports changed to free ones (the machine is shared), as in the image.
 */
class DockerFilesTest {
    private static final Path ROOT = Path.of(System.getProperty("emergencyinbox.root"));
    private static final Path DOCKER = ROOT.resolve("docker");

    @TempDir
    Path staging;

    @ParameterizedTest
    @ValueSource(strings = {"Dockerfile", "dropin-memory.Dockerfile", "dropin-distributed.Dockerfile"})
    void everyFileADockerfileCopiesShouldExistAfterTheBuild(String name) {
        List<Dockerfile.Instruction> copies = Dockerfile.read(DOCKER.resolve(name)).all("COPY");

        assertThat(copies).isNotEmpty();
        for (Dockerfile.Instruction copy : copies) {
            List<String> words = copy.words();
            for (String source : words.subList(0, words.size() - 1)) {
                assertThat(ROOT.resolve(source)).as("%s: COPY %s", name, source).exists();
            }
        }
    }

    @Test
    void fullServerImageShouldStartFromItsEntrypointListeningOnEveryInterface() throws Exception {
        Dockerfile dockerfile = Dockerfile.read(DOCKER.resolve("Dockerfile"));
        assertThat(dockerfile.one("FROM").arguments).isEqualTo("eclipse-temurin:17-jre");
        assertThat(dockerfile.one("USER").arguments).as("runs as a non-root user").isEqualTo("emergency");
        String workdir = dockerfile.one("WORKDIR").arguments;
        assertThat(dockerfile.one("VOLUME").execForm()).containsExactly(workdir + "/var");
        Path home = stage(dockerfile, workdir);
        Path conf = home.resolve("conf");

        assertThat(Files.readString(conf.resolve("smtpserver.xml"))).contains("<bind>0.0.0.0:2525</bind>");
        assertThat(properties(conf.resolve("jmap.properties"))).containsEntry("jmap.host", "0.0.0.0").containsEntry("jmap.port", "1080");
        assertThat(properties(conf.resolve("webadmin.properties"))).containsEntry("host", "0.0.0.0").containsEntry("port", "8000");
        assertThat(dockerfile.one("EXPOSE").words()).containsExactly("2525", "1080", "8000");

        int smtp = TestConfiguration.freePort();
        int jmap = TestConfiguration.freePort();
        int webAdmin = TestConfiguration.freePort();
        TestConfiguration.replace(conf.resolve("smtpserver.xml"), "<bind>0.0.0.0:2525</bind>", "<bind>0.0.0.0:" + smtp + "</bind>");
        TestConfiguration.replace(conf.resolve("jmap.properties"), "1080", String.valueOf(jmap));
        TestConfiguration.replace(conf.resolve("webadmin.properties"), "port=8000", "port=" + webAdmin);
        List<String> command = new ArrayList<>(dockerfile.one("ENTRYPOINT").execForm());
        assertThat(command.get(0)).isEqualTo("java");
        command.set(0, Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Process gateway = new ProcessBuilder(command).directory(home.toFile())
            .redirectErrorStream(true).redirectOutput(staging.resolve("gateway.log").toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> log().contains("Emergency Inbox started") || !gateway.isAlive());
            assertThat(gateway.isAlive()).as(log()).isTrue();
            assertThat(Network.greeting(smtp)).startsWith("220 ");
            Network.nonLoopbackAddress().ifPresent(address ->
                assertThat(Network.answers(address, smtp)).as("SMTP must listen on every interface in the image").isTrue());
            given().baseUri("http://127.0.0.1").port(webAdmin).get("/healthcheck").then().statusCode(200);
            assertThat(Network.answers(jmap)).isTrue();
            assertThat(home.resolve("var/keys/jmap-signing.key")).as("keys generated in the image's volume").exists();
        } finally {
            gateway.destroy();
        }
        assertThat(gateway.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s of SIGTERM").isTrue();
        assertThat(log()).contains("Emergency Inbox stopped");
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "distributed"})
    void dropInImageShouldAdaptTheSnippetsToStockJamesImage(String flavour) throws Exception {
        Dockerfile dockerfile = Dockerfile.read(DOCKER.resolve("dropin-" + flavour + ".Dockerfile"));
        assertThat(dockerfile.one("FROM").arguments).isEqualTo("apache/james:" + flavour + "-3.8.1");
        assertThat(dockerfile.one("CMD").execForm()).containsExactly("--generate-keystore");
        // The stock image's own jmap.properties, which our snippets do not replace.
        Files.createDirectories(staging.resolve("root/conf"));
        Files.writeString(staging.resolve("root/conf/jmap.properties"), "enabled=true\n");

        Path root = stage(dockerfile, "/root");

        assertThat(root.resolve("extensions-jars/emergency-inbox-dropin.jar")).exists();
        Path conf = root.resolve("conf");
        assertThat(properties(conf.resolve("webadmin.properties"))).containsEntry("host", "0.0.0.0")
            .containsKey("extensions.routes");
        assertThat(properties(conf.resolve("jmap.properties"))).containsEntry("jmap.version.default", "rfc-8621");
        assertThat(properties(conf.resolve("extensions.properties"))).containsKey("guice.extension.module");
        String mailets = Files.readString(conf.resolve("mailetcontainer.xml"));
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(conf.resolve("mailetcontainer.xml").toFile());
        String smtp = Files.readString(conf.resolve("smtpserver.xml"));
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(conf.resolve("smtpserver.xml").toFile());
        if (flavour.equals("distributed")) {
            assertThat(smtp).doesNotContain("QueueBackpressureHook").contains("StrictDsnMailParameterHook");
            assertThat(mailets).doesNotContain("memory://").contains("<repositoryPath>cassandra://var/mail/error/</repositoryPath>");
            assertThat(properties(conf.resolve("extensions.properties")).get("guice.extension.module"))
                .isEqualTo("io.emergencyinbox.dropin.DropInModule,io.emergencyinbox.guice.JamesSessionCassandraStoresModule");
            assertThat(properties(conf.resolve("emergency-inbox-cassandra.properties")))
                .containsEntry("cassandra.keyspace", "emergency_inbox").containsEntry("cassandra.replication.factor", "1");
        } else {
            assertThat(conf.resolve("mailetcontainer.xml")).hasSameTextualContentAs(ROOT.resolve("dropin/src/main/conf/mailetcontainer.xml"));
            assertThat(conf.resolve("smtpserver.xml")).hasSameTextualContentAs(ROOT.resolve("dropin/src/main/conf/smtpserver.xml"));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void composeShouldRunTheGatewayImageInFrontOfAStoppableDownstream() throws IOException {
        Map<String, Object> compose;
        try (Reader reader = Files.newBufferedReader(DOCKER.resolve("compose.yaml"))) {
            compose = new Yaml().load(reader);
        }
        Map<String, Object> services = (Map<String, Object>) compose.get("services");
        assertThat(services).containsOnlyKeys("gateway", "downstream");

        Map<String, Object> gateway = (Map<String, Object>) services.get("gateway");
        Map<String, Object> build = (Map<String, Object>) gateway.get("build");
        assertThat(DOCKER.resolve((String) build.get("context")).normalize()).isEqualTo(ROOT.normalize());
        assertThat(ROOT.resolve((String) build.get("dockerfile"))).isEqualTo(DOCKER.resolve("Dockerfile"));
        Dockerfile image = Dockerfile.read(DOCKER.resolve("Dockerfile"));
        List<String> published = ((List<String>) gateway.get("ports")).stream()
            .map(port -> port.substring(port.lastIndexOf(':') + 1)).collect(Collectors.toList());
        assertThat(published).containsExactlyElementsOf(image.one("EXPOSE").words());
        assertThat((List<String>) gateway.get("ports")).allMatch(port -> port.startsWith("127.0.0.1:"));
        assertThat((List<String>) gateway.get("volumes")).containsExactly("gateway-var:" + image.one("VOLUME").execForm().get(0));
        assertThat((Map<String, Object>) compose.get("volumes")).containsOnlyKeys("gateway-var");

        Map<String, Object> downstream = (Map<String, Object>) services.get("downstream");
        assertThat((String) downstream.get("image")).startsWith("axllent/mailpit:v");
    }

    /**
     * Lays out what the Dockerfile's COPY instructions put in the image under the staging directory,
     * runs its RUN instructions that call one of our scripts, and returns the staged working directory.
     */
    private Path stage(Dockerfile dockerfile, String workdir) throws IOException, InterruptedException {
        Path home = Files.createDirectories(inImage(workdir));
        for (Dockerfile.Instruction copy : dockerfile.all("COPY")) {
            List<String> words = copy.words();
            String destination = words.get(words.size() - 1);
            Path target = destination.startsWith("/") ? inImage(destination) : home.resolve(destination).normalize();
            for (String source : words.subList(0, words.size() - 1)) {
                Path from = ROOT.resolve(source);
                if (Files.isDirectory(from)) {
                    install(from, target); // a directory's content
                } else {
                    install(from, destination.endsWith("/") ? target.resolve(from.getFileName()) : target);
                }
            }
        }
        int scripts = 0;
        for (Dockerfile.Instruction run : dockerfile.all("RUN")) {
            List<String> words = run.words();
            Path script = inImage("/usr/local/bin/" + words.get(0));
            if (!Files.exists(script)) {
                continue; // user creation, ownership: needs a real image build
            }
            List<String> command = new ArrayList<>(List.of("sh", script.toString()));
            words.subList(1, words.size()).forEach(word -> command.add(word.startsWith("/") ? inImage(word).toString() : word));
            Process process = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor()).as("RUN %s: %s", run.arguments, output).isZero();
            scripts++;
        }
        assertThat(scripts).as("the Dockerfile runs one of our scripts").isEqualTo(1);
        return home;
    }

    private Path inImage(String absolutePath) {
        return staging.resolve(absolutePath.substring(1)).normalize();
    }

    /** Copies a file or a directory's content; jars are linked rather than copied (James's lib/ is 120 MB). */
    private static void install(Path from, Path to) throws IOException {
        if (Files.isDirectory(from)) {
            Files.createDirectories(to);
            try (Stream<Path> children = Files.list(from)) {
                for (Path child : (Iterable<Path>) children::iterator) {
                    install(child, to.resolve(child.getFileName().toString()));
                }
            }
            return;
        }
        Files.createDirectories(to.getParent());
        Files.deleteIfExists(to);
        if (from.toString().endsWith(".jar")) {
            Files.createSymbolicLink(to, from.toAbsolutePath());
        } else {
            Files.copy(from, to);
        }
    }

    private String log() throws IOException {
        return Files.readString(staging.resolve("gateway.log"), StandardCharsets.UTF_8);
    }

    private static Properties properties(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }
}
