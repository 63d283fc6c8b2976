package io.emergencyinbox.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.apache.james.GuiceJamesServer;
import org.apache.james.jmap.draft.JmapGuiceProbe;
import org.apache.james.modules.protocols.SmtpGuiceProbe;
import org.apache.james.utils.WebAdminGuiceProbe;

/**
 * Starts the gateway.
 *
 * <pre>
 * java -jar app/target/emergency-inbox.jar [--conf DIR] [--var DIR]
 *   --conf DIR   configuration directory (default: ./conf)
 *   --var  DIR   state directory: generated keys, spooled content (default: ./var)
 * </pre>
 *
 * A configuration error stops start-up with a message naming the file and the key; SIGTERM stops
 * the gateway cleanly.
 */
public final class EmergencyInboxServerMain {

    public static void main(String[] args) {
        LaunchOptions options;
        try {
            options = LaunchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(LaunchOptions.USAGE);
            System.exit(2);
            return;
        }
        System.setProperty("james.exit.on.startup.error", "false");
        Path logback = options.conf.resolve("logback.xml");
        if (System.getProperty("logback.configurationFile") == null && Files.exists(logback)) {
            System.setProperty("logback.configurationFile", logback.toString());
        }
        try {
            GuiceJamesServer server = EmergencyInboxServer.create(new GatewayDirectories(Path.of("."), options.conf, options.var));
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.stop();
                System.out.println("Emergency Inbox stopped");
            }, "emergency-inbox-shutdown"));
            System.out.println("Emergency Inbox started: " + listeners(server) + ", continuity stores "
                + EmergencyInboxServer.Stores.of(options.conf).name().toLowerCase(java.util.Locale.ROOT));
        } catch (Throwable e) {
            System.err.println("Emergency Inbox failed to start: " + describe(e));
            e.printStackTrace(System.err);
            System.exit(1);
        }
    }

    private static String listeners(GuiceJamesServer server) {
        return "SMTP port " + server.getProbe(SmtpGuiceProbe.class).getSmtpPort().getValue()
            + ", JMAP port " + server.getProbe(JmapGuiceProbe.class).getJmapPort().getValue()
            + ", WebAdmin port " + server.getProbe(WebAdminGuiceProbe.class).getWebAdminPort().getValue();
    }

    /** The distinct messages of the cause chain, outermost first, so the root cause (file and key) is visible. */
    static String describe(Throwable error) {
        Set<String> messages = new LinkedHashSet<>();
        for (Throwable current = error; current != null; current = current.getCause()) {
            if (current.getMessage() != null) {
                messages.add(current.getClass().getSimpleName() + ": " + current.getMessage().strip());
            }
        }
        List<String> chain = new ArrayList<>(messages);
        return chain.isEmpty() ? error.toString() : chain.get(chain.size() - 1) + (chain.size() > 1 ? "\n  (while: " + chain.get(0) + ")" : "");
    }

    static final class LaunchOptions {
        static final String USAGE = "usage: java -jar emergency-inbox.jar [--conf DIR] [--var DIR]";

        private Path conf = Path.of("conf");
        private Path var = Path.of("var");

        static LaunchOptions parse(String[] args) {
            LaunchOptions options = new LaunchOptions();
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("Missing value after " + name);
                }
                String value = args[++i];
                switch (name) {
                    case "--conf":
                        options.conf = Path.of(value);
                        break;
                    case "--var":
                        options.var = Path.of(value);
                        break;
                    default:
                        throw new IllegalArgumentException("Unknown option " + name);
                }
            }
            if (!Files.isDirectory(options.conf)) {
                throw new IllegalArgumentException("Configuration directory " + options.conf.toAbsolutePath() + " does not exist");
            }
            return options;
        }
    }

    private EmergencyInboxServerMain() {
    }
}
