package io.emergencyinbox.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real SMTP server on a loopback port, standing in for a customer's mail server in tests. Tests
 * stop it (connections refused), restart it on the same port, and make it misbehave: refuse the
 * greeting with 421, accept TCP and never answer, answer chosen RCPT or DATA commands with chosen
 * replies. It records what it accepted.
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

    public static DownstreamServer start() {
        DownstreamServer server = new DownstreamServer();
        server.bind(0);
        return server;
    }

    private final List<ReceivedMail> received = new CopyOnWriteArrayList<>();
    private final Map<String, String> recipientReplies = new ConcurrentHashMap<>();
    private final Set<Socket> clients = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile boolean keepContent = true;
    private final AtomicReference<Greeting> greeting = new AtomicReference<>(Greeting.READY);
    private final AtomicReference<String> dataReply = new AtomicReference<>("250 2.0.0 Ok: queued");
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

    /** Listens again on the same port. */
    public synchronized DownstreamServer restart() {
        if (listener == null) {
            bind(port);
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
        dataReply.set("250 2.0.0 Ok: queued");
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

    @Override
    public void close() {
        stop();
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
            InputStream in = new BufferedInputStream(client.getInputStream());
            OutputStream out = client.getOutputStream();
            switch (greeting.get()) {
                case SILENT:
                    while (in.read() != -1) {
                        // swallow everything, answer nothing
                    }
                    return;
                case NOT_AVAILABLE:
                    write(out, "421 4.3.2 downstream.test Service not available, closing channel");
                    return;
                default:
                    write(out, "220 downstream.test ESMTP ready");
            }
            converse(in, out);
        } catch (SocketException e) {
            // stopped by the test, or the client went away
        } catch (IOException e) {
            // the client went away
        } finally {
            clients.remove(client);
        }
    }

    private void converse(InputStream in, OutputStream out) throws IOException {
        String mailFrom = null;
        List<String> mailParameters = new ArrayList<>();
        List<String> recipients = new ArrayList<>();
        List<String> recipientLines = new ArrayList<>();
        String line;
        while ((line = readLine(in)) != null) {
            String upper = line.toUpperCase(Locale.US);
            if (upper.startsWith("EHLO")) {
                write(out, "250-downstream.test\r\n250-8BITMIME\r\n250-SIZE 104857600\r\n250-DSN\r\n250 ENHANCEDSTATUSCODES");
            } else if (upper.startsWith("HELO")) {
                write(out, "250 downstream.test");
            } else if (upper.startsWith("MAIL FROM:")) {
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
                String reply = recipientReplies.getOrDefault(recipient.toLowerCase(Locale.US), "250 2.1.5 Ok");
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
                String reply = dataReply.get();
                if (reply.startsWith("2")) {
                    accepted.incrementAndGet();
                    if (keepContent) {
                        received.add(new ReceivedMail(mailFrom, mailParameters, recipients, recipientLines, content));
                    }
                }
                write(out, reply);
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

    private static byte[] readData(InputStream in) throws IOException {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        String line;
        while ((line = readLine(in)) != null) {
            if (line.equals(".")) {
                break;
            }
            String unstuffed = line.startsWith(".") ? line.substring(1) : line;
            content.write(unstuffed.getBytes(StandardCharsets.UTF_8));
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
}
