package org.credentialcourier.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A mail provider across a network, made of the loopback server: a TCP relay in front of it that holds each of the
 * server's replies for one round trip before passing it on. An SMTP conversation as the application holds it (HELO,
 * one message, QUIT) waits for seven replies, so a message takes about seven round trips, during which the sending
 * thread waits as it would for a real provider. Each connection is relayed on threads of its own: a slow reply holds
 * up only its own connection.
 */
final class SlowNetwork implements AutoCloseable {

    private final ServerSocket listener;
    private final int targetPort;
    private final long roundTripMillis;

    SlowNetwork(int targetPort, long roundTripMillis) throws IOException {
        this.listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        this.targetPort = targetPort;
        this.roundTripMillis = roundTripMillis;
        Thread acceptor = new Thread(this::accept, "slow-network");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                relay(client, server, 0, "to-server");
                relay(server, client, roundTripMillis, "to-client");
            } catch (IOException e) {
                // closed, or the server refused: the client sees its connection end
            }
        }
    }

    private static void relay(Socket from, Socket to, long delayMillis, String name) {
        Thread pump = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    if (delayMillis > 0) {
                        Thread.sleep(delayMillis);
                    }
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // one side closed
            } finally {
                close(from);
                close(to);
            }
        }, "slow-network-" + name);
        pump.setDaemon(true);
        pump.start();
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
