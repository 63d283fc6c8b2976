package io.emergencyinbox.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A real SMTP server on a loopback port, standing in for a customer's mail server in tests. Tests
 * stop it (connections refused), restart it on the same port, and make it misbehave: refuse the
 * greeting with 421, accept TCP and never answer, answer chosen RCPT or DATA commands with chosen
 * replies. It records what it accepted.
 *
 * <p>Opt-in, like a customer's real server: STARTTLS ({@link #offerStartTls()}, with a self-signed
 * certificate made when first needed, never stored in the source tree) and SMTP AUTH PLAIN
 * ({@link #requireAuth}). Each {@link ReceivedMail} tells whether it came over TLS and who had logged in.
 */
public final class DownstreamServer implements AutoCloseable {

    /** What the server does when a client connects. */
    public enum Greeting {
        /** 220: normal service. */
        READY,
        /** 421: service not available, then close. */
        NOT_AVAILABLE,
        /** Accept the connection and never say anything. */
        SILENT
    }

    /** How long {@link #restart()} retries while something else holds the port (an outgoing connection's end). */
    private static final Duration REBIND_TIMEOUT = Duration.ofSeconds(20);
    /** The ports of the servers not yet closed, stopped or not: other test servers must not take them meanwhile. */
    private static final Set<Integer> RESERVED = ConcurrentHashMap.newKeySet();

    public static DownstreamServer start() {
        DownstreamServer server = new DownstreamServer();
        server.bind(0);
        RESERVED.add(server.port);
        return server;
    }

    /** Whether a test downstream owns this port, even while it is stopped. */
    public static boolean isReserved(int port) {
        return RESERVED.contains(port);
    }

    private final List<ReceivedMail> received = new CopyOnWriteArrayList<>();
    private final List<ReceivedMail> unanswered = new CopyOnWriteArrayList<>();
    private final AtomicReference<String> defaultRecipientReply = new AtomicReference<>("250 2.1.5 Ok");
    private volatile boolean hangAfterData;
    private final Map<String, String> recipientReplies = new ConcurrentHashMap<>();
    private final Set<Socket> clients = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger tlsConnections = new AtomicInteger();
    private volatile boolean keepContent = true;
    private final AtomicReference<Greeting> greeting = new AtomicReference<>(Greeting.READY);
    private final AtomicReference<String> dataReply = new AtomicReference<>("250 2.0.0 Ok: queued");
    private volatile boolean startTls;
    private volatile Credentials requiredCredentials;
    private volatile ServerSocket listener;
    private volatile Thread acceptor;
    private volatile int port;

    private DownstreamServer() {
    }

    public int port() {
        return port;
    }

    public String host() {
        return "127.0.0.1";
    }

    public synchronized DownstreamServer stop() {
        ServerSocket current = listener;
        listener = null;
        if (current != null) {
            try {
                current.close();
            } catch (IOException e) {
                // closing: nothing to do
            }
        }
        // Closing a ServerSocket while a thread is blocked in accept() only signals that thread: the port keeps
        // accepting connections until it wakes up. Wait for it, so that a stopped server really refuses connections.
        Thread accepting = acceptor;
        if (accepting != null) {
            try {
                accepting.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        clients.forEach(DownstreamServer::closeQuietly);
        clients.clear();
        return this;
    }

    /**
     * Listens again on the same port. While it was stopped, the port may have become the local end of a connection
     * some client opened elsewhere (the kernel hands out ports of the ephemeral range): retry until that is closed.
     */
    public synchronized DownstreamServer restart() {
        long deadline = System.nanoTime() + REBIND_TIMEOUT.toNanos();
        while (listener == null) {
            try {
                bind(port);
            } catch (IllegalStateException e) {
                if (!(e.getCause() instanceof BindException) || System.nanoTime() > deadline) {
                    throw e;
                }
                sleepQuietly(Duration.ofMillis(50));
            }
        }
        return this;
    }

    public boolean isRunning() {
        return listener != null;
    }

    public DownstreamServer greet(Greeting behaviour) {
        greeting.set(behaviour);
        return this;
    }

    /** Answers RCPT TO for that address with the given reply, e.g. {@code 451 4.2.1 Mailbox busy}. */
    public DownstreamServer replyToRecipient(String address, String reply) {
        recipientReplies.put(address.toLowerCase(Locale.US), reply);
        return this;
    }

    /** Answers RCPT TO for every address without a reply of its own, e.g. {@code 451 4.3.0 Try again later}. */
    public DownstreamServer replyToEveryRecipient(String reply) {
        defaultRecipientReply.set(reply);
        return this;
    }

    /**
     * Reads each message to its final dot and then never answers (until the client gives up), like a
     * server that hangs or dies while committing. Such messages are kept apart in {@link #unanswered()}:
     * the sender cannot know whether they were delivered, so it must try again.
     */
    public DownstreamServer hangAfterData() {
        hangAfterData = true;
        return this;
    }

    /** Messages read completely while {@link #hangAfterData()} was on, never answered. */
    public List<ReceivedMail> unanswered() {
        return List.copyOf(unanswered);
    }

    public DownstreamServer acceptRecipient(String address) {
        recipientReplies.remove(address.toLowerCase(Locale.US));
        return this;
    }

    /** The final answer to DATA, {@code 250 ...} by default. */
    public DownstreamServer replyToData(String reply) {
        dataReply.set(reply);
        return this;
    }

    /** Back to normal service: 220 greeting, every recipient and message accepted. */
    public DownstreamServer behaveNormally() {
        greeting.set(Greeting.READY);
        recipientReplies.clear();
        defaultRecipientReply.set("250 2.1.5 Ok");
        hangAfterData = false;
        dataReply.set("250 2.0.0 Ok: queued");
        return this;
    }

    /**
     * Announces STARTTLS in its EHLO reply and switches a connection to TLS when asked, with a
     * self-signed certificate generated for this test run. While STARTTLS is offered, AUTH is only
     * announced and accepted over TLS (as RFC 4954 asks of plain-text mechanisms).
     */
    public DownstreamServer offerStartTls() {
        SelfSignedTls.context(); // made now, so that a failure shows in the test that asked for it
        startTls = true;
        return this;
    }

    /**
     * The PEM of the self-signed certificate {@link #offerStartTls()} serves, the same for every server of
     * this JVM: subject {@code CN=downstream.test}, names {@code downstream.test} and {@code 127.0.0.1}.
     */
    public static String certificatePem() {
        return SelfSignedTls.certificatePem();
    }

    /**
     * Announces {@code AUTH PLAIN}, accepts these credentials only (235; others get 535), and refuses
     * {@code MAIL FROM} with 530 until the client has authenticated.
     */
    public DownstreamServer requireAuth(String username, String password) {
        requiredCredentials = new Credentials(username, password);
        return this;
    }

    /** Count accepted messages without keeping them (benchmarks: thousands of messages). */
    public DownstreamServer discardContent() {
        keepContent = false;
        return this;
    }

    /** Messages accepted since start, kept or not. */
    public int acceptedCount() {
        return accepted.get();
    }

    public List<ReceivedMail> received() {
        return List.copyOf(received);
    }

    /** Messages received for that recipient. */
    public List<ReceivedMail> receivedFor(String recipient) {
        List<ReceivedMail> matching = new ArrayList<>();
        for (ReceivedMail mail : received) {
            if (mail.recipients().contains(recipient)) {
                matching.add(mail);
            }
        }
        return matching;
    }

    public void clearReceived() {
        received.clear();
    }

    /** TCP connections accepted since start. */
    public int connections() {
        return connections.get();
    }

    /** Connections switched to TLS by STARTTLS since start. */
    public int tlsConnections() {
        return tlsConnections.get();
    }

    @Override
    public void close() {
        stop();
        RESERVED.remove(port);
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void bind(int requestedPort) {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), requestedPort), 100);
            listener = socket;
            port = socket.getLocalPort();
            Thread accepting = new Thread(() -> acceptLoop(socket), "downstream-smtp-" + port);
            accepting.setDaemon(true);
            acceptor = accepting;
            accepting.start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot listen on port " + requestedPort, e);
        }
    }

    private void acceptLoop(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                if (listener != socket) {
                    // accepted in the instant the server was being stopped: a stopped server serves nobody
                    closeQuietly(client);
                    return;
                }
                connections.incrementAndGet();
                clients.add(client);
                Thread session = new Thread(() -> serve(client), "downstream-smtp-session");
                session.setDaemon(true);
                session.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            Conversation conversation = new Conversation(client);
            switch (greeting.get()) {
                case SILENT:
                    while (conversation.in.read() != -1) {
                        // swallow everything, answer nothing
                    }
                    return;
                case NOT_AVAILABLE:
                    write(conversation.out, "421 4.3.2 downstream.test Service not available, closing channel");
                    return;
                default:
                    write(conversation.out, "220 downstream.test ESMTP ready");
            }
            conversation.converse();
        } catch (SocketException e) {
            // stopped by the test, or the client went away
        } catch (IOException e) {
            // the client went away, or its TLS handshake failed
        } finally {
            clients.remove(client);
        }
    }

    /** One SMTP session: its streams (replaced by TLS ones after STARTTLS), TLS and login state. */
    private final class Conversation {
        private final Socket socket;
        private InputStream in;
        private OutputStream out;
        private boolean tls;
        private String user;
        private String clientName = "";

        private Conversation(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
        }

        private void converse() throws IOException {
            String mailFrom = null;
            List<String> mailParameters = new ArrayList<>();
            List<String> recipients = new ArrayList<>();
            List<String> recipientLines = new ArrayList<>();
            String line;
            while ((line = readLine(in)) != null) {
                String upper = line.toUpperCase(Locale.US);
                if (upper.startsWith("EHLO")) {
                    clientName = line.substring(4).trim();
                    write(out, ehloReply());
                } else if (upper.startsWith("HELO")) {
                    clientName = line.substring(4).trim();
                    write(out, "250 downstream.test");
                } else if (upper.equals("STARTTLS")) {
                    if (!startTls) {
                        write(out, "502 5.5.2 Error: command not recognized");
                    } else if (tls) {
                        write(out, "503 5.5.1 Error: TLS already active");
                    } else {
                        write(out, "220 2.0.0 Ready to start TLS");
                        switchToTls();
                        // RFC 3207 §4.2: forget everything learnt from the client before TLS
                        mailFrom = null;
                        user = null;
                    }
                } else if (upper.startsWith("AUTH")) {
                    authenticate(line);
                } else if (upper.startsWith("MAIL FROM:")) {
                    if (requiredCredentials != null && user == null) {
                        write(out, "530 5.7.0 Authentication required");
                        continue;
                    }
                    mailFrom = path(line.substring(10));
                    mailParameters = parameters(line.substring(10));
                    recipients = new ArrayList<>();
                    recipientLines = new ArrayList<>();
                    write(out, "250 2.1.0 Ok");
                } else if (upper.startsWith("RCPT TO:")) {
                    if (mailFrom == null) {
                        write(out, "503 5.5.1 Error: need MAIL command");
                        continue;
                    }
                    String recipient = path(line.substring(8));
                    String reply = recipientReplies.getOrDefault(recipient.toLowerCase(Locale.US), defaultRecipientReply.get());
                    if (reply.startsWith("2")) {
                        recipients.add(recipient);
                        recipientLines.add(line);
                    }
                    write(out, reply);
                    if (reply.startsWith("421")) {
                        return;
                    }
                } else if (upper.equals("DATA")) {
                    if (recipients.isEmpty()) {
                        write(out, "554 5.5.1 Error: no valid recipients");
                        continue;
                    }
                    write(out, "354 End data with <CR><LF>.<CR><LF>");
                    byte[] content = readData(in);
                    if (hangAfterData) {
                        unanswered.add(new ReceivedMail(mailFrom, mailParameters, recipients, recipientLines, content,
                            tls, Optional.ofNullable(user), clientName));
                        while (in.read() != -1) {
                            // never answer: wait for the client to give up
                        }
                        return;
                    }
                    String reply = dataReply.get();
                    // Recorded before answering, so a client that has read the 250 always finds the message here;
                    // taken back if the answer cannot be written (then the client rightly tries again).
                    ReceivedMail mail = new ReceivedMail(mailFrom, mailParameters, recipients, recipientLines, content,
                        tls, Optional.ofNullable(user), clientName);
                    boolean accepting = reply.startsWith("2");
                    if (accepting) {
                        accepted.incrementAndGet();
                        if (keepContent) {
                            received.add(mail);
                        }
                    }
                    try {
                        write(out, reply);
                    } catch (IOException e) {
                        if (accepting) {
                            accepted.decrementAndGet();
                            received.remove(mail);
                        }
                        throw e;
                    }
                    mailFrom = null;
                    if (reply.startsWith("421")) {
                        return;
                    }
                } else if (upper.equals("RSET")) {
                    mailFrom = null;
                    write(out, "250 2.0.0 Ok");
                } else if (upper.equals("NOOP")) {
                    write(out, "250 2.0.0 Ok");
                } else if (upper.equals("QUIT")) {
                    write(out, "221 2.0.0 Bye");
                    return;
                } else {
                    write(out, "502 5.5.2 Error: command not recognized");
                }
            }
        }

        private String ehloReply() {
            StringBuilder reply = new StringBuilder("250-downstream.test\r\n250-8BITMIME\r\n250-SIZE 104857600\r\n250-DSN\r\n");
            if (startTls && !tls) {
                reply.append("250-STARTTLS\r\n");
            }
            if (authAllowedNow()) {
                reply.append("250-AUTH PLAIN\r\n");
            }
            return reply.append("250 ENHANCEDSTATUSCODES").toString();
        }

        private boolean authAllowedNow() {
            return requiredCredentials != null && (tls || !startTls);
        }

        private void switchToTls() throws IOException {
            SSLSocket secured = (SSLSocket) SelfSignedTls.context().getSocketFactory()
                .createSocket(socket, socket.getInetAddress().getHostAddress(), socket.getPort(), true);
            secured.setUseClientMode(false);
            secured.startHandshake();
            in = new BufferedInputStream(secured.getInputStream());
            out = secured.getOutputStream();
            tls = true;
            tlsConnections.incrementAndGet();
        }

        /** {@code AUTH PLAIN [initial-response]} (RFC 4954, RFC 4616). */
        private void authenticate(String line) throws IOException {
            Credentials expected = requiredCredentials;
            if (expected == null) {
                write(out, "502 5.5.2 Error: command not recognized");
                return;
            }
            if (!authAllowedNow()) {
                write(out, "538 5.7.11 Encryption required for requested authentication mechanism");
                return;
            }
            if (user != null) {
                write(out, "503 5.5.1 Error: already authenticated");
                return;
            }
            String[] words = line.trim().split("\\s+");
            if (words.length < 2 || !words[1].equalsIgnoreCase("PLAIN")) {
                write(out, "504 5.5.4 Unrecognized authentication type");
                return;
            }
            String response;
            if (words.length > 2) {
                response = words[2];
            } else {
                write(out, "334 ");
                response = readLine(in);
                if (response == null) {
                    return;
                }
            }
            if (response.equals("*")) {
                write(out, "501 5.7.0 Authentication cancelled");
                return;
            }
            String[] fields;
            try {
                fields = new String(Base64.getDecoder().decode(response.trim()), StandardCharsets.UTF_8).split("\0", -1);
            } catch (IllegalArgumentException e) {
                write(out, "501 5.5.2 Cannot decode the response");
                return;
            }
            boolean valid = fields.length == 3
                && (fields[0].isEmpty() || fields[0].equals(fields[1]))
                && fields[1].equals(expected.username)
                && fields[2].equals(expected.password);
            if (valid) {
                user = fields[1];
                write(out, "235 2.7.0 Authentication successful");
            } else {
                write(out, "535 5.7.8 Authentication credentials invalid");
            }
        }
    }

    private static String path(String argument) {
        String trimmed = argument.trim();
        int end = trimmed.indexOf('>');
        return trimmed.startsWith("<") && end > 0 ? trimmed.substring(1, end) : trimmed.split(" ")[0];
    }

    private static List<String> parameters(String argument) {
        String trimmed = argument.trim();
        int end = trimmed.indexOf('>');
        String rest = end >= 0 ? trimmed.substring(end + 1).trim() : "";
        return rest.isEmpty() ? List.of() : List.of(rest.split("\\s+"));
    }

    /** Reads a DATA section byte for byte (any bytes, not only UTF-8), undoing dot-stuffing, up to CRLF.CRLF. */
    /**
     * The message up to the line holding only a dot; a client that goes away before it (killed mid-DATA) sent no
     * message, as with any MTA: nothing is recorded and the connection ends.
     */
    private static byte[] readData(InputStream in) throws IOException {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while (true) {
            b = in.read();
            if (b == -1) {
                throw new EOFException("The client closed the connection in the middle of DATA");
            }
            line.write(b);
            if (b != '\n') {
                continue;
            }
            byte[] bytes = line.toByteArray();
            line.reset();
            int length = bytes.length - (bytes.length >= 2 && bytes[bytes.length - 2] == '\r' ? 2 : 1);
            if (length == 1 && bytes[0] == '.') {
                break;
            }
            int from = length > 0 && bytes[0] == '.' ? 1 : 0;
            content.write(bytes, from, length - from);
            content.write('\r');
            content.write('\n');
        }
        return content.toByteArray();
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.UTF_8);
            }
            line.write(b);
        }
        return null;
    }

    private static void write(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    private static final class Credentials {
        private final String username;
        private final String password;

        private Credentials(String username, String password) {
            this.username = username;
            this.password = password;
        }
    }

    /**
     * The server side of TLS: a key pair and self-signed certificate made once per test JVM by the
     * JDK's {@code keytool} in a temporary PKCS12 keystore, which is deleted as soon as it is loaded.
     */
    private static final class SelfSignedTls {
        private static final String PASSWORD_VARIABLE = "DOWNSTREAM_TEST_KEYSTORE_PASSWORD";
        private static SSLContext context;
        private static String certificatePem;

        static synchronized SSLContext context() {
            if (context == null) {
                create();
            }
            return context;
        }

        static synchronized String certificatePem() {
            context();
            return certificatePem;
        }

        private static void create() {
            Path directory = null;
            try {
                directory = Files.createTempDirectory("downstream-tls");
                Path keystore = directory.resolve("downstream.p12");
                Path log = directory.resolve("keytool.log");
                String password = UUID.randomUUID().toString();
                ProcessBuilder keytool = new ProcessBuilder(
                    Paths.get(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair", "-alias", "downstream", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=downstream.test", "-ext", "SAN=dns:downstream.test,ip:127.0.0.1", "-validity", "2",
                    "-storetype", "PKCS12", "-keystore", keystore.toString(),
                    "-storepass:env", PASSWORD_VARIABLE, "-keypass:env", PASSWORD_VARIABLE, "-noprompt")
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
                keytool.environment().put(PASSWORD_VARIABLE, password);
                Process process = keytool.start();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("keytool did not finish within 60 s");
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException("keytool failed (" + process.exitValue() + "): " + Files.readString(log));
                }
                KeyStore store = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(keystore)) {
                    store.load(in, password.toCharArray());
                }
                KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(store, password.toCharArray());
                SSLContext tls = SSLContext.getInstance("TLS");
                tls.init(keys.getKeyManagers(), null, null);
                context = tls;
                certificatePem = "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(store.getCertificate("downstream").getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException("Cannot make a self-signed certificate for the test SMTP server", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while making a self-signed certificate", e);
            } finally {
                deleteQuietly(directory);
            }
        }

        private static void deleteQuietly(Path directory) {
            if (directory == null) {
                return;
            }
            try {
                Files.deleteIfExists(directory.resolve("downstream.p12"));
                Files.deleteIfExists(directory.resolve("keytool.log"));
                Files.deleteIfExists(directory);
            } catch (IOException e) {
                directory.toFile().deleteOnExit();
            }
        }
    }
}
