package io.emergencyinbox.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Plain socket checks on servers started in their own JVM. */
final class Network {

    static boolean answers(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static boolean answers(int port) {
        return answers(InetAddress.getLoopbackAddress(), port);
    }

    /** The first line an SMTP server sends on loopback. */
    static String greeting(int port) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5000);
            byte[] buffer = new byte[512];
            int read = socket.getInputStream().read(buffer);
            return new String(buffer, 0, Math.max(0, read), StandardCharsets.US_ASCII);
        }
    }

    /** An IPv4 address of this machine other than loopback, when it has one. */
    static Optional<InetAddress> nonLoopbackAddress() throws IOException {
        return NetworkInterface.networkInterfaces()
            .filter(networkInterface -> {
                try {
                    return networkInterface.isUp() && !networkInterface.isLoopback();
                } catch (IOException e) {
                    return false;
                }
            })
            .flatMap(NetworkInterface::inetAddresses)
            .filter(address -> address.getAddress().length == 4)
            .findFirst();
    }

    private Network() {
    }
}
