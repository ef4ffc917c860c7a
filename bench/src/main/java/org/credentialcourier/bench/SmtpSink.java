package org.credentialcourier.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

import com.icegreen.greenmail.mail.MailAddress;
import com.icegreen.greenmail.mail.MovingMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * The SMTP server of the benchmark: GreenMail, the server the application embeds by default, on a free loopback port.
 * Every accepted message is counted and time-stamped at the moment GreenMail accepts it (before it answers the end of
 * DATA) and then dropped instead of stored, so 100,000 messages cost the driver no memory. The application's headers
 * {@code X-Courier-Template} and {@code X-Courier-Invitation-Id} say what each message is.
 */
final class SmtpSink implements AutoCloseable {

    /** One accepted message. {@code nanos} is this JVM's {@link System#nanoTime()}, {@code epochMillis} the wall clock. */
    record Received(String template, String invitationId, String recipient, long nanos, long epochMillis) {
    }

    /** The parts of one message, kept from the first invitation so that the SMTP ceiling sends the same content. */
    record Sample(String subject, String text, String html, int size) {
    }

    private final GreenMail greenMail;
    private final List<Received> received = new ArrayList<>();
    private final Map<String, CompletableFuture<Received>> waiters = new ConcurrentHashMap<>();
    private volatile Sample sample;
    private final SlowNetwork network;

    /**
     * @param roundTripMillis 0 for loopback speed; otherwise clients reach the server through a {@link SlowNetwork}
     *                        that holds each reply this long (a message then takes about seven round trips)
     */
    SmtpSink(long roundTripMillis) throws IOException {
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        greenMail.start();
        Discard discard = new Discard();
        greenMail.getUserManager().setMessageDeliveryHandler((message, address) -> {
            accept(message, address);
            return discard;
        });
        network = roundTripMillis > 0 ? new SlowNetwork(greenMail.getSmtp().getPort(), roundTripMillis) : null;
    }

    /** The port clients send to: the server's own, or the slow network's in front of it. */
    int port() {
        return network != null ? network.port() : greenMail.getSmtp().getPort();
    }

    private void accept(MovingMessage moving, MailAddress address) throws MessagingException {
        long nanos = System.nanoTime();
        long millis = System.currentTimeMillis();
        MimeMessage message = moving.getMessage();
        String template = header(message, "X-Courier-Template");
        Received r = new Received(template, header(message, "X-Courier-Invitation-Id"),
                address.getEmail().toLowerCase(java.util.Locale.ROOT), nanos, millis);
        synchronized (received) {
            received.add(r);
        }
        if (sample == null && "invitation".equals(template)) {
            sample = sampleOf(message);
        }
        CompletableFuture<Received> waiter = waiters.remove(r.recipient());
        if (waiter != null) {
            waiter.complete(r);
        }
    }

    private static String header(MimeMessage message, String name) throws MessagingException {
        String[] values = message.getHeader(name);
        return values == null || values.length == 0 ? null : values[0];
    }

    /** Completes when a message to {@code recipient} arrives (register before causing it). */
    CompletableFuture<Received> expect(String recipient) {
        return waiters.computeIfAbsent(recipient.toLowerCase(java.util.Locale.ROOT), k -> new CompletableFuture<>());
    }

    int size() {
        synchronized (received) {
            return received.size();
        }
    }

    /** The messages accepted from index {@code from} on. */
    List<Received> since(int from) {
        synchronized (received) {
            return new ArrayList<>(received.subList(from, received.size()));
        }
    }

    /** How many messages of this template have been accepted since index {@code from}. */
    long count(int from, String template) {
        synchronized (received) {
            long n = 0;
            for (int i = from; i < received.size(); i++) {
                if (template.equals(received.get(i).template())) {
                    n++;
                }
            }
            return n;
        }
    }

    /**
     * Waits until {@code n} messages of {@code template} have arrived since index {@code from}; answers the n-th, or
     * null at the deadline.
     */
    Received awaitCount(int from, String template, long n, long deadlineNanos) throws InterruptedException {
        int scanned = from;
        long seen = 0;
        while (System.nanoTime() < deadlineNanos) {
            synchronized (received) {
                for (; scanned < received.size(); scanned++) {
                    Received r = received.get(scanned);
                    if (template.equals(r.template()) && ++seen == n) {
                        return r;
                    }
                }
            }
            Thread.sleep(20);
        }
        return null;
    }

    Sample sample() {
        return sample;
    }

    private static Sample sampleOf(MimeMessage message) {
        try {
            String[] parts = new String[2];
            collect(message, parts);
            return new Sample(message.getSubject(), parts[0], parts[1], message.getSize());
        } catch (MessagingException | IOException e) {
            return null;
        }
    }

    private static void collect(Part part, String[] parts) throws MessagingException, IOException {
        if (part.isMimeType("text/plain") && parts[0] == null) {
            parts[0] = (String) part.getContent();
        } else if (part.isMimeType("text/html") && parts[1] == null) {
            parts[1] = (String) part.getContent();
        } else if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart body = multipart.getBodyPart(i);
                collect(body, parts);
            }
        }
    }

    @Override
    public void close() {
        if (network != null) {
            try {
                network.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        greenMail.stop();
    }

    /** A mailbox that keeps nothing. */
    private static final class Discard implements GreenMailUser {

        @Override
        public String getEmail() {
            return "sink@bench.local";
        }

        @Override
        public String getLogin() {
            return "sink";
        }

        @Override
        public void deliver(MovingMessage msg) {
            // dropped: counted in accept()
        }

        @Override
        public void deliver(MimeMessage msg) {
            // dropped
        }

        @Override
        public void create() {
        }

        @Override
        public void delete() {
        }

        @Override
        public String getPassword() {
            return "";
        }

        @Override
        public void setPassword(String password) {
        }

        @Override
        public void authenticate(String password) {
        }

        @Override
        public String getQualifiedMailboxName() {
            return "sink";
        }
    }
}
