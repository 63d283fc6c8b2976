package io.emergencyinbox.app;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.emergencyinbox.core.config.ConfigurationException;

class ConfigurationPreflightTest {
    @TempDir
    Path conf;

    @BeforeEach
    void copyShippedConfiguration() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("../conf"))) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.copy(file, conf.resolve(file.getFileName()));
            }
        }
    }

    @Test
    void theShippedConfigurationShouldPass() {
        assertThatCode(() -> ConfigurationPreflight.check(conf)).doesNotThrowAnyException();
    }

    @Test
    void aJmapPortThatIsNotANumberShouldBeNamed() throws IOException {
        replace("jmap.properties", "jmap.port=1080", "jmap.port=abc");

        assertThatThrownBy(() -> ConfigurationPreflight.check(conf))
            .isInstanceOf(ConfigurationException.class)
            .hasMessage("jmap.properties: key 'jmap.port' must be a port number between 0 and 65535, got 'abc'");
    }

    @Test
    void anUnknownJmapVersionShouldBeNamed() throws IOException {
        replace("jmap.properties", "jmap.version.default=rfc-8621", "jmap.version.default=rfc8621");

        assertThatThrownBy(() -> ConfigurationPreflight.check(conf))
            .hasMessageContaining("jmap.properties: key 'jmap.version.default'");
    }

    @Test
    void aWebAdminSwitchThatIsNotABooleanShouldBeNamed() throws IOException {
        replace("webadmin.properties", "enabled=true", "enabled=yes");

        assertThatThrownBy(() -> ConfigurationPreflight.check(conf))
            .hasMessage("webadmin.properties: key 'enabled' must be true or false, got 'yes'");
    }

    @Test
    void aWebAdminPortOutOfRangeShouldBeNamed() throws IOException {
        replace("webadmin.properties", "port=8000", "port=80000");

        assertThatThrownBy(() -> ConfigurationPreflight.check(conf))
            .hasMessageContaining("webadmin.properties: key 'port'");
    }

    @Test
    void anSmtpBindWithoutAPortShouldBeNamed() throws IOException {
        replace("smtpserver.xml", "<bind>127.0.0.1:2525</bind>", "<bind>127.0.0.1:smtp</bind>");

        assertThatThrownBy(() -> ConfigurationPreflight.check(conf))
            .hasMessage("smtpserver.xml: key 'smtpserver[1]/bind' must be host:port (e.g. 0.0.0.0:25), got '127.0.0.1:smtp'");
    }

    @Test
    void malformedXmlShouldNameTheFile() throws IOException {
        replace("smtpserver.xml", "</smtpservers>", "</smtpserver>");

        assertThatThrownBy(() -> ConfigurationPreflight.check(conf))
            .hasMessageStartingWith("smtpserver.xml: not well-formed XML");
    }

    private void replace(String file, String from, String to) throws IOException {
        String content = Files.readString(conf.resolve(file));
        if (!content.contains(from)) {
            throw new IllegalStateException(file + " does not contain " + from);
        }
        Files.writeString(conf.resolve(file), content.replace(from, to));
    }
}
