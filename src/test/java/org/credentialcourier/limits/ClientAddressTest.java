package org.credentialcourier.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.credentialcourier.limits.ClientAddress.Cidr;
import org.junit.jupiter.api.Test;

/** Who the client is, and its bucket for the per-client limits (issue 13, case 6). */
class ClientAddressTest {

    private static final List<Cidr> NONE = List.of();
    private static final List<Cidr> PROXY = List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("::1"));

    @Test
    void byDefaultNoForwardedAddressIsBelieved() {
        assertThat(ClientAddress.resolve("127.0.0.1", List.of("203.0.113.9"), NONE)).isEqualTo("127.0.0.1");
        assertThat(ClientAddress.resolve("10.1.2.3", List.of("203.0.113.9"), NONE)).isEqualTo("10.1.2.3");
        assertThat(ClientAddress.resolve("0:0:0:0:0:0:0:1", List.of("203.0.113.9"), NONE))
                .isEqualTo("0:0:0:0:0:0:0:1");
    }

    @Test
    void aTrustedProxysForwardedAddressIsBelieved() {
        assertThat(ClientAddress.resolve("10.1.2.3", List.of("203.0.113.9"), PROXY)).isEqualTo("203.0.113.9");
        assertThat(ClientAddress.resolve("0:0:0:0:0:0:0:1", List.of("2001:db8::7"), PROXY))
                .isEqualTo("2001:db8:0:0:0:0:0:7");
        assertThat(ClientAddress.resolve("192.0.2.1", List.of("203.0.113.9"), PROXY))
                .as("not a trusted proxy").isEqualTo("192.0.2.1");
    }

    @Test
    void theRightMostAddressThatIsNoTrustedProxyIsTheClient() {
        assertThat(ClientAddress.resolve("10.0.0.1", List.of("198.51.100.1, 203.0.113.9, 10.0.0.2"), PROXY))
                .as("what the client wrote itself (198.51.100.1) is left of what the proxies added")
                .isEqualTo("203.0.113.9");
        assertThat(ClientAddress.resolve("10.0.0.1", List.of("198.51.100.1", "203.0.113.9"), PROXY))
                .isEqualTo("203.0.113.9");
    }

    @Test
    void aForwardedValueThatIsNoAddressLeavesThePeer() {
        for (String junk : List.of("anything-at-all", "999.1.1.1", "1.2.3", "01.2.3.4", "198.51.100.7:8080",
                "[2001:db8::1]", "2001:db8::1%eth0", "localhost", "example.org", "1::2::3", "12345::", "",
                "203.0.113.9, nonsense", "::ffff:1.2.3.256")) {
            assertThat(ClientAddress.resolve("10.0.0.1", List.of(junk), PROXY)).as("[%s]", junk).isEqualTo("10.0.0.1");
        }
    }

    @Test
    void everyLoopbackFormIsOneBucket() {
        for (String loopback : List.of("127.0.0.1", "127.1.2.3", "::1", "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1")) {
            assertThat(ClientAddress.bucket(loopback)).as(loopback).isEqualTo("loopback");
        }
    }

    @Test
    void ipv4MappedAddressesAreTheirIpv4Address() {
        assertThat(ClientAddress.bucket("::ffff:198.51.100.7")).isEqualTo("198.51.100.7");
        assertThat(ClientAddress.bucket("0:0:0:0:0:ffff:c633:6407")).isEqualTo("198.51.100.7");
        assertThat(ClientAddress.bucket("198.51.100.7")).isEqualTo("198.51.100.7");
    }

    @Test
    void ipv6AddressesCountByTheirSlash64() {
        assertThat(ClientAddress.bucket("2001:db8:1:2::1")).isEqualTo(ClientAddress.bucket("2001:db8:1:2:ffff::9"))
                .isEqualTo("2001:db8:1:2::/64");
        assertThat(ClientAddress.bucket("2001:db8:1:3::1")).isNotEqualTo(ClientAddress.bucket("2001:db8:1:2::1"));
    }

    @Test
    void whatIsNoAddressIsABucketOfBoundedLength() {
        assertThat(ClientAddress.bucket("x".repeat(10_000))).hasSizeLessThan(80);
    }

    @Test
    void trustedProxiesAreAddressesOrCidrBlocks() {
        assertThat(Cidr.parse("10.0.0.0/8").contains(ClientAddress.parse("10.255.0.1"))).isTrue();
        assertThat(Cidr.parse("10.0.0.0/8").contains(ClientAddress.parse("11.0.0.1"))).isFalse();
        assertThat(Cidr.parse("2001:db8::/32").contains(ClientAddress.parse("2001:db8:ffff::1"))).isTrue();
        assertThat(Cidr.parse("192.0.2.1").contains(ClientAddress.parse("192.0.2.2"))).isFalse();
        for (String bad : List.of("10.0.0.0/33", "proxy.example", "10.0.0.0/", "10.0.0.0/-1", "")) {
            assertThatThrownBy(() -> Cidr.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
