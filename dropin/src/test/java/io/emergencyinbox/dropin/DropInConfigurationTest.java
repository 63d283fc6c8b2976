package io.emergencyinbox.dropin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import javax.xml.parsers.DocumentBuilderFactory;

import org.apache.james.server.task.json.TaskExtensionModule;
import org.apache.james.utils.UserDefinedStartable;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

import com.google.inject.Module;

import io.emergencyinbox.core.config.ContinuityPolicy;
import io.emergencyinbox.guice.AssemblyRegistrationsModule;
import io.emergencyinbox.webadmin.tasks.SpoolTaskDetailsDTO;

/**
 * The configuration snippets shipped for a stock James ({@code dropin/src/main/conf}) name classes
 * that exist and have the type James expects, list every route and health check our own assembly
 * registers, and keep the full server's mail pipeline and policy. DropInTest starts them in a real
 * stock James.
 */
class DropInConfigurationTest {
    private static final Path DROPIN_CONF = Path.of(System.getProperty("dropin.conf"));
    private static final Path SHIPPED_CONF = Path.of(System.getProperty("emergencyinbox.conf"));
    private static final String JAMES_METRICS_ROUTES = "org.apache.james.webadmin.dropwizard.MetricsRoutes";

    @Test
    void extensionsShouldNameOurModulesStartableAndTaskExtension() throws Exception {
        Properties extensions = properties("extensions.properties");

        assertThat(list(extensions, "guice.extension.module"))
            .containsExactly(DropInModule.class.getName(), "io.emergencyinbox.guice.MemoryContinuityStoresModule");
        for (String module : list(extensions, "guice.extension.module")) {
            assertThat(Module.class).isAssignableFrom(Class.forName(module));
        }
        assertThat(list(extensions, "guice.extension.startable")).containsExactly("io.emergencyinbox.guice.ContinuityEngineLifecycle");
        assertThat(UserDefinedStartable.class).isAssignableFrom(Class.forName(list(extensions, "guice.extension.startable").get(0)));
        assertThat(list(extensions, "guice.extension.task")).containsExactly(ContinuityTaskExtension.class.getName());
        assertThat(extensions.stringPropertyNames())
            .containsExactlyInAnyOrder("guice.extension.module", "guice.extension.startable", "guice.extension.task");
    }

    @Test
    void taskExtensionShouldDescribeTheSpoolTasksProgress() {
        TaskExtensionModule extension = new ContinuityTaskExtension(() -> {
            throw new AssertionError("the spool administration is needed only to rebuild a task");
        }, Clock.systemUTC());

        assertThat(extension.taskAdditionalInformationDTOModules()).containsExactly(SpoolTaskDetailsDTO.MODULE);
        assertThat(extension.taskDTOModules())
            .extracting(module -> module.getDomainObjectClass().getSimpleName(), module -> module.getDomainObjectType())
            .containsExactlyInAnyOrder(tuple("Flush", "continuity-spool-flush"), tuple("Purge", "continuity-spool-purge"));
    }

    @Test
    void webAdminShouldListEveryRouteOurAssemblyRegistersThenJamesMetrics() throws IOException {
        List<String> expected = AssemblyRegistrationsModule.ROUTES.stream().map(Class::getName).collect(Collectors.toList());
        expected.add(JAMES_METRICS_ROUTES);

        assertThat(list(properties("webadmin.properties"), "extensions.routes")).containsExactlyElementsOf(expected);
    }

    @Test
    void webAdminShouldServeMetricsAsTheFullServerDoes() throws IOException {
        Properties shipped = new Properties();
        try (Reader reader = Files.newBufferedReader(SHIPPED_CONF.resolve("webadmin.properties"), StandardCharsets.UTF_8)) {
            shipped.load(reader);
        }

        assertThat(shipped.getProperty("extensions.routes")).isEqualTo(JAMES_METRICS_ROUTES);
    }

    @Test
    void healthCheckShouldListEveryCheckOurAssemblyRegisters() throws IOException {
        assertThat(list(properties("healthcheck.properties"), "additional.healthchecks"))
            .containsExactlyElementsOf(AssemblyRegistrationsModule.HEALTH_CHECKS.stream().map(Class::getName).collect(Collectors.toList()));
    }

    @Test
    void continuityPolicyShouldBeTheFullServersAndParseStrictly() throws IOException {
        assertThat(DROPIN_CONF.resolve("continuity.properties")).hasSameTextualContentAs(SHIPPED_CONF.resolve("continuity.properties"));
        Properties continuity = properties("continuity.properties");
        Map<String, String> values = new LinkedHashMap<>();
        continuity.stringPropertyNames().forEach(key -> values.put(key, continuity.getProperty(key)));

        assertThat(ContinuityPolicy.parse(values).inboxMailbox()).isEqualTo("Emergency");
    }

    @Test
    void mailPipelineShouldBeTheFullServersAndNameClassesThatExist() throws Exception {
        assertThat(DROPIN_CONF.resolve("mailetcontainer.xml")).hasSameTextualContentAs(SHIPPED_CONF.resolve("mailetcontainer.xml"));
        Document pipeline = xml("mailetcontainer.xml");
        List<String> ours = new ArrayList<>();
        NodeList mailets = pipeline.getElementsByTagName("mailet");
        for (int i = 0; i < mailets.getLength(); i++) {
            org.w3c.dom.Element mailet = (org.w3c.dom.Element) mailets.item(i);
            ours.add(mailet.getAttribute("class"));
            ours.add(mailet.getAttribute("match").split("=")[0]);
        }
        ours.removeIf(name -> !name.startsWith("io.emergencyinbox."));

        assertThat(ours).contains("io.emergencyinbox.mailets.ContinuityDelivery", "io.emergencyinbox.mailets.IsManagedRecipient",
            "io.emergencyinbox.mailets.CopySentMailToOwnMailbox");
        for (String name : ours) {
            Class.forName(name);
        }
    }

    @Test
    void smtpServerShouldHaveTheFullServersHandlersWhichAcceptDsnParametersAndEveryRecipient() throws Exception {
        List<String> handlers = handlers(xml("smtpserver.xml"));

        assertThat(handlers).containsExactlyElementsOf(handlers(DocumentBuilderFactory.newInstance().newDocumentBuilder()
            .parse(SHIPPED_CONF.resolve("smtpserver.xml").toFile())));
        assertThat(handlers).contains("org.apache.james.smtpserver.dsn.DSNEhloHook", "org.apache.james.smtpserver.dsn.DSNMessageHook")
            .noneMatch(handler -> handler.contains("ValidRcptHandler"));
        for (String handler : handlers) {
            if (handler.startsWith("io.emergencyinbox.")) {
                Class.forName(handler);
            }
        }
    }

    private static List<String> handlers(Document smtpServer) {
        NodeList handlers = smtpServer.getElementsByTagName("handler");
        List<String> classes = new ArrayList<>();
        for (int i = 0; i < handlers.getLength(); i++) {
            classes.add(((org.w3c.dom.Element) handlers.item(i)).getAttribute("class"));
        }
        return classes;
    }

    private static Properties properties(String file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(DROPIN_CONF.resolve(file), StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }

    /** A comma-separated value, as James reads it. */
    private static List<String> list(Properties properties, String key) {
        String value = properties.getProperty(key);
        assertThat(value).as(key).isNotNull();
        return Arrays.stream(value.split(",")).map(String::trim).collect(Collectors.toList());
    }

    private static Document xml(String file) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(DROPIN_CONF.resolve(file).toFile());
    }
}
