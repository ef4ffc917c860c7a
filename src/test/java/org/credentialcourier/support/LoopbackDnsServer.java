package org.credentialcourier.support;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;

/**
 * A DNS server on 127.0.0.1 (UDP, a random port) that answers from a map, for the pre-send checks' tests: MX, null
 * MX, A and AAAA records per name, NXDOMAIN for names it does not know, SERVFAIL or silence (a timeout) on demand.
 * Built from dnsjava's own message classes, so the client reads real wire-format answers.
 */
public final class LoopbackDnsServer implements AutoCloseable {

    private enum Behaviour { ANSWER, SERVFAIL, SILENT }

    private record Zone(Behaviour behaviour, List<Record> records) {
    }

    private final DatagramSocket socket;
    private final Map<Name, Zone> zones = new ConcurrentHashMap<>();
    private final AtomicInteger queries = new AtomicInteger();
    private final Thread thread;

    public LoopbackDnsServer() throws SocketException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        thread = new Thread(this::serve, "loopback-dns");
        thread.setDaemon(true);
        thread.start();
    }

    /** {@code 127.0.0.1:port}, as {@code courier.presend.dns.resolver} takes it. */
    public String address() {
        return socket.getLocalAddress().getHostAddress() + ":" + socket.getLocalPort();
    }

    /** How many queries reached the server so far. */
    public int queries() {
        return queries.get();
    }

    public LoopbackDnsServer mx(String domain, int priority, String exchange) {
        Name name = name(domain);
        return add(name, new MXRecord(name, DClass.IN, 300, priority, name(exchange)));
    }

    /** The null MX of RFC 7505: a single MX of preference 0 and target ".". */
    public LoopbackDnsServer nullMx(String domain) {
        Name name = name(domain);
        return add(name, new MXRecord(name, DClass.IN, 300, 0, Name.root));
    }

    public LoopbackDnsServer a(String domain, String ipv4) {
        Name name = name(domain);
        try {
            return add(name, new ARecord(name, DClass.IN, 300, InetAddress.getByName(ipv4)));
        } catch (IOException e) {
            throw new IllegalArgumentException(ipv4, e);
        }
    }

    public LoopbackDnsServer aaaa(String domain, String ipv6) {
        Name name = name(domain);
        try {
            return add(name, new AAAARecord(name, DClass.IN, 300, InetAddress.getByName(ipv6)));
        } catch (IOException e) {
            throw new IllegalArgumentException(ipv6, e);
        }
    }

    /** The name exists, with no record of any type asked for (NOERROR, an empty answer). */
    public LoopbackDnsServer exists(String domain) {
        zones.putIfAbsent(name(domain), new Zone(Behaviour.ANSWER, new ArrayList<>()));
        return this;
    }

    public LoopbackDnsServer servfail(String domain) {
        zones.put(name(domain), new Zone(Behaviour.SERVFAIL, List.of()));
        return this;
    }

    /** Queries for the name get no answer at all: the client times out. */
    public LoopbackDnsServer silent(String domain) {
        zones.put(name(domain), new Zone(Behaviour.SILENT, List.of()));
        return this;
    }

    private LoopbackDnsServer add(Name name, Record record) {
        zones.computeIfAbsent(name, n -> new Zone(Behaviour.ANSWER, new ArrayList<>())).records().add(record);
        return this;
    }

    private static Name name(String domain) {
        try {
            return Name.fromString(domain.endsWith(".") ? domain : domain + ".");
        } catch (TextParseException e) {
            throw new IllegalArgumentException(domain, e);
        }
    }

    private void serve() {
        byte[] buffer = new byte[4096];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
                queries.incrementAndGet();
                byte[] reply = answer(new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength())));
                if (reply != null) {
                    socket.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
                }
            } catch (IOException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    private byte[] answer(Message query) {
        Record question = query.getQuestion();
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.RA);
        if (query.getHeader().getFlag(Flags.RD)) {
            response.getHeader().setFlag(Flags.RD);
        }
        response.addRecord(question, Section.QUESTION);
        Zone zone = zones.get(question.getName()); // Name's equals and hashCode ignore case
        if (zone == null) {
            response.getHeader().setRcode(Rcode.NXDOMAIN);
        } else if (zone.behaviour() == Behaviour.SILENT) {
            return null;
        } else if (zone.behaviour() == Behaviour.SERVFAIL) {
            response.getHeader().setRcode(Rcode.SERVFAIL);
        } else {
            zone.records().stream().filter(r -> r.getType() == question.getType())
                    .forEach(r -> response.addRecord(r, Section.ANSWER));
        }
        return response.toWire(512);
    }

    @Override
    public void close() {
        socket.close();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
