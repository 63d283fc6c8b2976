package io.emergencyinbox.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

import io.emergencyinbox.core.config.ConfigurationException;

/**
 * Checks, before James starts, the James settings operators edit most (listening addresses and
 * ports, on/off switches, the JMAP version), because James reports a mistake there as a bare
 * {@code NumberFormatException}. Every message names the file and the key. Our own
 * {@code continuity.properties} is checked, strictly and completely, by its parser.
 */
public final class ConfigurationPreflight {
    private static final Set<String> BOOLEANS = Set.of("true", "false");

    public static void check(Path conf) {
        properties(conf, "jmap.properties").ifPresent(jmap -> {
            bool(jmap, "jmap.properties", "enabled");
            port(jmap, "jmap.properties", "jmap.port");
            String version = jmap.getProperty("jmap.version.default");
            if (version != null && !Set.of("draft", "rfc-8621").contains(version.trim())) {
                throw error("jmap.properties", "jmap.version.default", "must be draft or rfc-8621, got '" + version + "'");
            }
        });
        properties(conf, "webadmin.properties").ifPresent(webadmin -> {
            bool(webadmin, "webadmin.properties", "enabled");
            bool(webadmin, "webadmin.properties", "https.enabled");
            bool(webadmin, "webadmin.properties", "jwt.enabled");
            port(webadmin, "webadmin.properties", "port");
        });
        binds(conf, "smtpserver.xml", "smtpserver");
        binds(conf, "imapserver.xml", "imapserver");
    }

    private static Optional<Properties> properties(Path conf, String name) {
        Path file = conf.resolve(name);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        return Optional.of(properties);
    }

    private static void bool(Properties properties, String file, String key) {
        String value = properties.getProperty(key);
        if (value != null && !BOOLEANS.contains(value.trim())) {
            throw error(file, key, "must be true or false, got '" + value + "'");
        }
    }

    private static void port(Properties properties, String file, String key) {
        String value = properties.getProperty(key);
        if (value == null) {
            return;
        }
        if (!isPort(value.trim(), true)) {
            throw error(file, key, "must be a port number between 0 and 65535, got '" + value + "'");
        }
    }

    private static void binds(Path conf, String name, String element) {
        Path file = conf.resolve(name);
        if (!Files.exists(file)) {
            return;
        }
        Document document = parse(file);
        NodeList servers = document.getElementsByTagName(element);
        for (int i = 0; i < servers.getLength(); i++) {
            Element server = (Element) servers.item(i);
            NodeList binds = server.getElementsByTagName("bind");
            for (int j = 0; j < binds.getLength(); j++) {
                String value = binds.item(j).getTextContent().trim();
                for (String address : value.split(",")) {
                    String trimmed = address.trim();
                    int colon = trimmed.lastIndexOf(':');
                    if (colon <= 0 || !isPort(trimmed.substring(colon + 1), true)) {
                        throw error(name, element + "[" + (i + 1) + "]/bind",
                            "must be host:port (e.g. 0.0.0.0:25), got '" + trimmed + "'");
                    }
                }
            }
        }
    }

    private static Document parse(Path file) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            javax.xml.parsers.DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler() {
                @Override
                public void fatalError(org.xml.sax.SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            return builder.parse(file.toFile());
        } catch (SAXException e) {
            throw new ConfigurationException(file.getFileName() + ": not well-formed XML: " + e.getMessage(), e);
        } catch (ParserConfigurationException | IOException e) {
            throw new ConfigurationException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean isPort(String value, boolean zeroAllowed) {
        try {
            int port = Integer.parseInt(value);
            return port >= (zeroAllowed ? 0 : 1) && port <= 65535;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static ConfigurationException error(String file, String key, String message) {
        return new ConfigurationException(file + ": key '" + key + "' " + message);
    }

    private ConfigurationPreflight() {
    }
}
