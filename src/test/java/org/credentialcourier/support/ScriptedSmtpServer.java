package org.credentialcourier.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real SMTP server on loopback that refuses every recipient with one reply, e.g. {@code 550 5.1.1 no such user}
 * (permanent) or {@code 451 4.3.0 try again later} (transient), or accepts it with a reply of its choosing: what
 * GreenMail cannot be told to do. It offers the DSN extension and keeps the {@code MAIL FROM} lines it was sent.
 */
public final class ScriptedSmtpServer implements AutoCloseable {

    private final ServerSocket socket;
    private final String recipientReply;
    private final String dataReply;
    private final Thread acceptor;
    private final List<String> mailCommands = new CopyOnWriteArrayList<>();

    public ScriptedSmtpServer(String recipientReply) throws IOException {
        this(recipientReply, null);
    }

    /**
     * Accepts the recipient with {@code recipientReply} (a 250) and the message, then answers the message's end with
     * {@code dataReply}: a 250 with a text of the server's choosing, or a refusal after the data.
     */
    public ScriptedSmtpServer(String recipientReply, String dataReply) throws IOException {
        this.socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        this.recipientReply = recipientReply;
        this.dataReply = dataReply;
        this.acceptor = new Thread(this::serve, "scripted-smtp");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** Every {@code MAIL FROM} line the server was sent, as sent (with its parameters, e.g. {@code RET=HDRS}). */
    public List<String> mailCommands() {
        return List.copyOf(mailCommands);
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept()) {
                client.setSoTimeout(5_000);
                converse(client);
            } catch (SocketException closed) {
                return;
            } catch (IOException e) {
                // one broken conversation; serve the next
            }
        }
    }

    private void converse(Socket client) throws IOException {
        var in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
        OutputStream out = client.getOutputStream();
        reply(out, "220 scripted.test ESMTP");
        String line;
        while ((line = in.readLine()) != null) {
            String command = line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : line;
            switch (command) {
                // offers DSN (RFC 3461), as Postfix and Exchange do
                case "EHLO" -> reply(out, "250-scripted.test\r\n250 DSN");
                case "MAIL" -> {
                    mailCommands.add(line);
                    reply(out, "250 OK");
                }
                case "HELO", "RSET", "NOOP" -> reply(out, "250 OK");
                case "RCPT" -> reply(out, recipientReply);
                case "DATA" -> {
                    if (dataReply == null) {
                        reply(out, "503 5.5.1 no valid recipients");
                    } else {
                        reply(out, "354 end with <CRLF>.<CRLF>");
                        String data;
                        while ((data = in.readLine()) != null && !data.equals(".")) {
                            // the message is not kept
                        }
                        reply(out, dataReply);
                    }
                }
                case "QUIT" -> {
                    reply(out, "221 bye");
                    return;
                }
                default -> reply(out, "502 5.5.2 not implemented");
            }
        }
    }

    private static void reply(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
