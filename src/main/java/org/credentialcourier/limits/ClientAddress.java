package org.credentialcourier.limits;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Client addresses for the per-client limits, in one place. A forwarded address is believed only from a configured
 * proxy ({@code courier.requests.trusted-proxies}) and only if it is an IP address literal: anything else in
 * {@code X-Forwarded-For} leaves the peer as the client. An address becomes one bucket per machine or network, as
 * rate limiters commonly count: every loopback form ({@code 127.0.0.1}, {@code ::1}) is one bucket, an IPv4-mapped
 * IPv6 address is its IPv4 address, and an IPv6 address counts by its /64 prefix (one subscriber's network). Parsing
 * never asks DNS: a literal is parsed by hand.
 */
public final class ClientAddress {

    private static final Pattern IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern HEX_GROUP = Pattern.compile("[0-9A-Fa-f]{1,4}");

    private ClientAddress() {
    }

    /** The bucket of the request's client (after {@code security.ForwardedHeaders} has decided who that is). */
    public static String of(HttpServletRequest request) {
        return bucket(request.getRemoteAddr());
    }

    /**
     * The bucket of an address: {@code loopback}, an IPv4 address, or an IPv6 /64 prefix ({@code 2001:db8:0:1::/64}).
     * What is not an address literal (which the server never reports) is a bucket of its own, bounded in length.
     */
    public static String bucket(String address) {
        byte[] bytes = parse(address);
        if (bytes == null) {
            String text = address == null ? "" : address;
            return "unparsed:" + (text.length() > 64 ? text.substring(0, 64) : text);
        }
        if (isLoopback(bytes)) {
            return "loopback";
        }
        if (bytes.length == 4) {
            return (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + "." + (bytes[3] & 0xff);
        }
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < 8; i += 2) {
            prefix.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
        }
        return prefix.append(":/64").toString();
    }

    /**
     * Who the client is, given the peer and its {@code X-Forwarded-For} values: the peer, unless it is a trusted
     * proxy; then the right-most forwarded address that is not itself a trusted proxy. One entry that is not an
     * address literal makes the whole header worthless: the peer is the client.
     */
    public static String resolve(String peer, List<String> forwardedFor, List<Cidr> trustedProxies) {
        byte[] peerBytes = parse(peer);
        if (peerBytes == null || !trusted(peerBytes, trustedProxies) || forwardedFor == null) {
            return peer;
        }
        List<String> entries = new ArrayList<>();
        for (String value : forwardedFor) {
            for (String entry : value.split(",", -1)) {
                entries.add(entry.strip());
            }
        }
        if (entries.isEmpty() || entries.size() > 32) {
            return peer;
        }
        List<byte[]> addresses = new ArrayList<>();
        for (String entry : entries) {
            byte[] bytes = parse(entry);
            if (bytes == null) {
                return peer;
            }
            addresses.add(bytes);
        }
        for (int i = addresses.size() - 1; i >= 0; i--) {
            if (!trusted(addresses.get(i), trustedProxies) || i == 0) {
                return text(addresses.get(i));
            }
        }
        return peer;
    }

    /** Whether the address (a literal) is one of the trusted proxies. */
    public static boolean trusted(String address, List<Cidr> trustedProxies) {
        byte[] bytes = parse(address);
        return bytes != null && trusted(bytes, trustedProxies);
    }

    private static boolean trusted(byte[] address, List<Cidr> trustedProxies) {
        return trustedProxies.stream().anyMatch(cidr -> cidr.contains(address));
    }

    /**
     * The address's bytes (4 for IPv4 and IPv4-mapped IPv6, 16 for IPv6), or {@code null} if the text is not exactly
     * an IP address literal (no brackets, ports, zones or host names).
     */
    static byte[] parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 45) {
            return null;
        }
        if (IPV4.matcher(text).matches()) {
            return ipv4(text);
        }
        if (text.indexOf(':') < 0) {
            return null;
        }
        byte[] v6 = ipv6(text);
        if (v6 == null) {
            return null;
        }
        boolean mapped = true;
        for (int i = 0; i < 10; i++) {
            mapped &= v6[i] == 0;
        }
        mapped &= (v6[10] & 0xff) == 0xff && (v6[11] & 0xff) == 0xff;
        return mapped ? Arrays.copyOfRange(v6, 12, 16) : v6;
    }

    private static byte[] ipv4(String text) {
        String[] parts = text.split("\\.");
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            bytes[i] = (byte) Integer.parseInt(parts[i]);
        }
        return bytes;
    }

    private static byte[] ipv6(String text) {
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        List<byte[]> head = groups(gap >= 0 ? text.substring(0, gap) : text, gap < 0);
        List<byte[]> tail = gap >= 0 ? groups(text.substring(gap + 2), true) : List.of();
        if (head == null || tail == null) {
            return null;
        }
        int length = head.stream().mapToInt(b -> b.length).sum() + tail.stream().mapToInt(b -> b.length).sum();
        if (gap < 0 ? length != 16 : length > 14) {
            return null;
        }
        byte[] bytes = new byte[16];
        int at = 0;
        for (byte[] group : head) {
            System.arraycopy(group, 0, bytes, at, group.length);
            at += group.length;
        }
        at = 16 - tail.stream().mapToInt(b -> b.length).sum();
        for (byte[] group : tail) {
            System.arraycopy(group, 0, bytes, at, group.length);
            at += group.length;
        }
        return bytes;
    }

    /** Colon-separated hex groups; the last may be a dotted IPv4 address if {@code ipv4Last}. */
    private static List<byte[]> groups(String text, boolean ipv4Last) {
        List<byte[]> groups = new ArrayList<>();
        if (text.isEmpty()) {
            return groups;
        }
        String[] parts = text.split(":", -1);
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (i == parts.length - 1 && ipv4Last && IPV4.matcher(part).matches()) {
                groups.add(ipv4(part));
            } else if (HEX_GROUP.matcher(part).matches()) {
                int value = Integer.parseInt(part, 16);
                groups.add(new byte[] {(byte) (value >> 8), (byte) value});
            } else {
                return null;
            }
        }
        return groups;
    }

    private static boolean isLoopback(byte[] bytes) {
        if (bytes.length == 4) {
            return bytes[0] == 127;
        }
        for (int i = 0; i < 15; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[15] == 1;
    }

    private static String text(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes).getHostAddress();
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** An address block ({@code 10.0.0.0/8}, {@code 2001:db8::/32}) or one address. */
    public record Cidr(byte[] network, int prefixLength) {

        /** Parses {@code address} or {@code address/length}; refuses anything else. */
        public static Cidr parse(String text) {
            String value = text == null ? "" : text.strip();
            int slash = value.indexOf('/');
            byte[] network = ClientAddress.parse(slash < 0 ? value : value.substring(0, slash));
            if (network == null) {
                throw new IllegalArgumentException("Not an IP address or CIDR block: " + text);
            }
            int length = network.length * 8;
            if (slash >= 0) {
                String bits = value.substring(slash + 1);
                if (!bits.matches("\\d{1,3}") || Integer.parseInt(bits) > length) {
                    throw new IllegalArgumentException("Not an IP address or CIDR block: " + text);
                }
                length = Integer.parseInt(bits);
            }
            return new Cidr(network, length);
        }

        public boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < prefixLength; bit++) {
                int mask = 0x80 >> (bit % 8);
                if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String toString() {
            return text(network) + "/" + prefixLength;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Cidr cidr && cidr.prefixLength == prefixLength
                    && Arrays.equals(cidr.network, network);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(network) + prefixLength;
        }
    }
}
