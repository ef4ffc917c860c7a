package org.credentialcourier.faults;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real SMTP server on loopback for the fault tests, in the test JVM: it accepts every message and records it by
 * the application's headers ({@code X-Courier-Invitation-Id}, {@code X-Courier-Template},
 * {@code X-Courier-Mail-Log-Id}, {@code Message-ID}) with the moment it answered 250. It can be stopped and started
 * again on the same port (an outage: open conversations get {@code 421} at their next command, new connections are
 * refused), and it can turn silent (accepts connections, never says a word).
 */
final class SmtpSink implements AutoCloseable {

    /** One accepted message. */
    record Accepted(String invitationId, String template, String messageId, String mailLogId, Instant at,
                    int sequence, byte[] raw) {

        /** The activation link's token in the message's text part. */
        String token() {
            try {
                var message = new jakarta.mail.internet.MimeMessage(
                        jakarta.mail.Session.getInstance(new java.util.Properties()),
                        new java.io.ByteArrayInputStream(raw));
                return org.credentialcourier.support.Scenario.token(
                        org.credentialcourier.mail.EmbeddedMailbox.plainText(message));
            } catch (jakarta.mail.MessagingException | IOException e) {
                throw new IllegalStateException("Unreadable message " + messageId, e);
            }
        }
    }

    enum Mode { ANSWERING, SILENT }

    private final int port;
    private final ExecutorService conversations = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "smtp-sink");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Accepted> accepted = new CopyOnWriteArrayList<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private final Set<Socket> silent = ConcurrentHashMap.newKeySet();
    private final List<java.time.Duration> silentWaits = new CopyOnWriteArrayList<>();
    private volatile ServerSocket server;
    private volatile boolean stopping;
    private volatile Mode mode = Mode.ANSWERING;
    /** Held while a message's acceptance is recorded and answered, so that a stop never splits the two. */
    private final Object acceptance = new Object();

    SmtpSink() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            this.port = probe.getLocalPort();
        }
        start();
    }

    int port() {
        return port;
    }

    /** Listens (again) on the same port. */
    synchronized void start() throws IOException {
        if (server != null) {
            return;
        }
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        stopping = false;
        server = socket;
        Thread acceptor = new Thread(() -> acceptLoop(socket), "smtp-sink-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * An outage: no new connections (refused), and every open conversation gets {@code 421} at its next command.
     * A message whose 250 was being written is written whole first.
     */
    synchronized void stop() throws IOException {
        if (server == null) {
            return;
        }
        synchronized (acceptance) {
            stopping = true;
            server.close();
            server = null;
        }
    }

    /** Silent: connections are accepted and never answered until the mode changes. */
    void mode(Mode mode) {
        this.mode = mode;
        if (mode == Mode.ANSWERING) {
            // the silent conversations end: the clients gave up on them long ago
            for (Socket socket : silent) {
                closeQuietly(socket);
            }
        }
    }

    /** For each connection the silent server held: how long until the client gave up and closed it. */
    List<java.time.Duration> silentWaits() {
        return List.copyOf(silentWaits);
    }

    List<Accepted> accepted() {
        return List.copyOf(accepted);
    }

    int connections() {
        return connections.get();
    }

    /** Accepted messages per invitation id, for one template (null: all). */
    Map<String, List<Accepted>> byInvitation(String template) {
        Map<String, List<Accepted>> result = new TreeMap<>();
        for (Accepted message : accepted) {
            if (message.invitationId() != null && (template == null || template.equals(message.template()))) {
                result.computeIfAbsent(message.invitationId(), id -> new ArrayList<>()).add(message);
            }
        }
        return result;
    }

    private void acceptLoop(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                connections.incrementAndGet();
                open.add(client);
                conversations.execute(() -> {
                    try {
                        converse(client);
                    } catch (IOException e) {
                        // the client went away or gave up: nothing to record
                    } finally {
                        open.remove(client);
                        closeQuietly(client);
                    }
                });
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void converse(Socket client) throws IOException {
        if (mode == Mode.SILENT) {
            // accept, then never answer: the client waits for a greeting that never comes
            silent.add(client);
            Instant from = Instant.now();
            try {
                client.getInputStream().transferTo(OutputStream.nullOutputStream());
                // the client hung up: how long it waited for a word from this server
                silentWaits.add(java.time.Duration.between(from, Instant.now()));
            } finally {
                silent.remove(client);
            }
            return;
        }
        client.setSoTimeout(60_000);
        InputStream in = new BufferedInputStream(client.getInputStream());
        OutputStream out = client.getOutputStream();
        reply(out, "220 sink.faults.test ESMTP");
        String line;
        while ((line = readLine(in)) != null) {
            if (stopping) {
                reply(out, "421 4.3.2 service shutting down");
                return;
            }
            String command = line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : line;
            switch (command) {
                case "EHLO" -> reply(out, "250-sink.faults.test\r\n250-8BITMIME\r\n250 SMTPUTF8");
                case "HELO", "MAIL", "RCPT", "RSET", "NOOP" -> reply(out, "250 2.0.0 OK");
                case "DATA" -> {
                    reply(out, "354 end with <CRLF>.<CRLF>");
                    byte[] message = readData(in);
                    synchronized (acceptance) {
                        if (stopping) {
                            reply(out, "421 4.3.2 service shutting down");
                            return;
                        }
                        Accepted received = parse(message);
                        accepted.add(received);
                        reply(out, "250 2.0.0 OK queued as " + received.sequence());
                    }
                }
                case "QUIT" -> {
                    reply(out, "221 2.0.0 bye");
                    return;
                }
                default -> reply(out, "502 5.5.2 not implemented");
            }
        }
    }

    private final AtomicInteger sequence = new AtomicInteger();

    private Accepted parse(byte[] message) {
        String text = new String(message, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        String headers = (end < 0 ? text : text.substring(0, end)).replaceAll("\r\n[ \t]+", " ");
        Map<String, String> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String header : headers.split("\r\n")) {
            int colon = header.indexOf(':');
            if (colon > 0) {
                values.putIfAbsent(header.substring(0, colon).strip(), header.substring(colon + 1).strip());
            }
        }
        return new Accepted(values.get("X-Courier-Invitation-Id"), values.get("X-Courier-Template"),
                values.get("Message-ID"), values.get("X-Courier-Mail-Log-Id"), Instant.now(),
                sequence.incrementAndGet(), message);
    }

    /** The message up to the lone dot, dot-stuffing undone. */
    private static byte[] readData(InputStream in) throws IOException {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        String line;
        while ((line = readLine(in)) != null) {
            if (line.equals(".")) {
                return message.toByteArray();
            }
            if (line.startsWith(".")) {
                line = line.substring(1);
            }
            message.write(line.getBytes(StandardCharsets.ISO_8859_1));
            message.write('\r');
            message.write('\n');
        }
        throw new IOException("connection closed in DATA");
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
        return null;
    }

    private static void reply(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        stop();
        for (Socket socket : open) {
            closeQuietly(socket);
        }
        conversations.shutdownNow();
    }
}
