package io.emergencyinbox.core.smtp;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A small blocking SMTP client: one connection, one command at a time, every read bounded by the
 * command timeout. It reports replies as they are; deciding what they mean is the caller's job.
 */
public final class SmtpClient implements Closeable {
    private static final int MAX_LINE_LENGTH = 4096;
    private static final int MAX_REPLY_LINES = 200;

    public static SmtpClient connect(String host, int port, Duration connectTimeout, Duration commandTimeout) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), Math.toIntExact(connectTimeout.toMillis()));
            socket.setSoTimeout(Math.toIntExact(commandTimeout.toMillis()));
            return new SmtpClient(socket, host);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private final String host;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final Set<String> extensions = new HashSet<>();

    private SmtpClient(Socket socket, String host) throws IOException {
        this.host = host;
        useSocket(socket);
    }

    private void useSocket(Socket newSocket) throws IOException {
        this.socket = newSocket;
        this.in = new BufferedInputStream(newSocket.getInputStream());
        this.out = new BufferedOutputStream(newSocket.getOutputStream(), 64 * 1024);
    }

    /** Reads the server's greeting; call once, right after connecting. */
    public SmtpReply greeting() throws IOException {
        return readReply();
    }

    /** Sends EHLO and records the extensions the server announces. */
    public SmtpReply ehlo(String clientName) throws IOException {
        SmtpReply reply = command("EHLO " + clientName);
        extensions.clear();
        if (reply.isPositiveCompletion()) {
            reply.lines().stream().skip(1)
                .map(line -> line.split(" ", 2)[0].toUpperCase(Locale.US))
                .forEach(extensions::add);
        }
        return reply;
    }

    public SmtpReply helo(String clientName) throws IOException {
        extensions.clear();
        return command("HELO " + clientName);
    }

    /** Whether the last EHLO announced that extension keyword (e.g. {@code STARTTLS}, {@code DSN}). */
    public boolean supports(String extension) {
        return extensions.contains(extension.toUpperCase(Locale.US));
    }

    /** Sends STARTTLS and, on a 220 answer, continues over TLS. EHLO must be sent again afterwards. */
    public SmtpReply startTls(SSLSocketFactory factory) throws IOException {
        return startTls(factory, false);
    }

    /**
     * STARTTLS (RFC 3207), then the TLS handshake with the factory's trust managers.
     *
     * @param checkServerName also check that the certificate names the host this client connected to
     *                        (RFC 6125 rules, as for HTTPS); a mismatch fails the handshake
     */
    public SmtpReply startTls(SSLSocketFactory factory, boolean checkServerName) throws IOException {
        SmtpReply reply = command("STARTTLS");
        if (reply.code() == 220) {
            SSLSocket tls = (SSLSocket) factory.createSocket(socket, host, socket.getPort(), true);
            tls.setUseClientMode(true);
            if (checkServerName) {
                SSLParameters parameters = tls.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                tls.setSSLParameters(parameters);
            }
            tls.setSoTimeout(socket.getSoTimeout());
            tls.startHandshake();
            useSocket(tls);
            extensions.clear();
        }
        return reply;
    }

    public boolean isTls() {
        return socket instanceof SSLSocket;
    }

    /** AUTH PLAIN with an initial response (RFC 4954). */
    public SmtpReply authPlain(String username, String password) throws IOException {
        byte[] token = ("\0" + username + "\0" + password).getBytes(StandardCharsets.UTF_8);
        return command("AUTH PLAIN " + Base64.getEncoder().encodeToString(token));
    }

    public SmtpReply mailFrom(String reversePath, List<String> parameters) throws IOException {
        return command("MAIL FROM:<" + reversePath + ">" + asParameters(parameters));
    }

    public SmtpReply rcptTo(String forwardPath, List<String> parameters) throws IOException {
        return command("RCPT TO:<" + forwardPath + ">" + asParameters(parameters));
    }

    /**
     * Sends DATA and, when the server answers 354, the content followed by the end-of-data marker.
     * Returns the server's final answer (or its refusal of DATA).
     */
    public SmtpReply data(InputStream content) throws IOException {
        SmtpReply reply = command("DATA");
        if (!reply.isPositiveIntermediate()) {
            return reply;
        }
        SmtpDataOutputStream dataStream = new SmtpDataOutputStream(out);
        content.transferTo(dataStream);
        dataStream.finish();
        return readReply();
    }

    public SmtpReply rset() throws IOException {
        return command("RSET");
    }

    public SmtpReply noop() throws IOException {
        return command("NOOP");
    }

    public SmtpReply command(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return readReply();
    }

    /** Politely ends the session, ignoring failures: the connection is closed either way. */
    public void quit() {
        try {
            command("QUIT");
        } catch (IOException e) {
            // the peer may already be gone: nothing more to do
        } finally {
            close();
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing a broken socket: nothing to report
        }
    }

    public boolean isClosed() {
        return socket.isClosed();
    }

    private static String asParameters(List<String> parameters) {
        return parameters.isEmpty() ? "" : " " + String.join(" ", parameters);
    }

    private SmtpReply readReply() throws IOException {
        List<String> lines = new ArrayList<>();
        int code = -1;
        while (true) {
            String line = readLine();
            if (line.length() < 3) {
                throw new SmtpProtocolException("Malformed SMTP reply line: '" + line + "'");
            }
            int lineCode;
            try {
                lineCode = Integer.parseInt(line.substring(0, 3));
            } catch (NumberFormatException e) {
                throw new SmtpProtocolException("Malformed SMTP reply line: '" + line + "'");
            }
            if (lineCode < 200 || lineCode > 599 || (code != -1 && lineCode != code)) {
                throw new SmtpProtocolException("Unexpected SMTP reply code in line: '" + line + "'");
            }
            code = lineCode;
            boolean last = line.length() == 3 || line.charAt(3) == ' ';
            lines.add(line.length() > 4 ? line.substring(4) : "");
            if (last) {
                return new SmtpReply(code, lines);
            }
            if (lines.size() > MAX_REPLY_LINES) {
                throw new SmtpProtocolException("SMTP reply longer than " + MAX_REPLY_LINES + " lines");
            }
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        while (true) {
            int b = in.read();
            if (b == -1) {
                throw new SmtpProtocolException("Connection closed by " + host + " while waiting for a reply");
            }
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.UTF_8);
            }
            if (line.size() >= MAX_LINE_LENGTH) {
                throw new SmtpProtocolException("SMTP reply line longer than " + MAX_LINE_LENGTH + " bytes");
            }
            line.write(b);
        }
    }
}
