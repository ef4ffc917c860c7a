package org.credentialcourier.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.credentialcourier.mail.MailDomains.DomainCheck;
import org.credentialcourier.mail.MailDomains.Verdict;
import org.credentialcourier.support.LoopbackDnsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** DNS checks of a recipient's domain (issue 16) against a real DNS server on loopback that the test starts. */
class MailDomainsTest {

    private LoopbackDnsServer dns;
    private final MovableClock clock = new MovableClock();

    @BeforeEach
    void startDns() throws Exception {
        dns = new LoopbackDnsServer()
                .mx("example.org", 10, "mx1.example.org").mx("example.org", 20, "mx2.example.org")
                .nullMx("nomail.example")
                .a("a-only.example", "192.0.2.10")
                .aaaa("aaaa-only.example", "2001:db8::10")
                .exists("bare.example")
                .servfail("broken.example")
                .silent("slow.example")
                .nullMx("mixed.example").mx("mixed.example", 10, "mx.mixed.example");
    }

    @AfterEach
    void stopDns() {
        dns.close();
    }

    private MailDomains domains(boolean enabled, int cacheSize) {
        return new MailDomains(new MailDomainProperties(enabled, dns.address(), Duration.ofMillis(300),
                Duration.ofMinutes(10), cacheSize), clock);
    }

    @Test
    void aDomainWithMxAcceptsMail() {
        DomainCheck check = domains(true, 100).check("Example.ORG");
        assertThat(check.verdict()).isEqualTo(Verdict.ACCEPTS_MAIL);
        assertThat(check.detail()).startsWith("MX mx");
    }

    @Test
    void aNullMxSaysTheDomainAcceptsNoMail() {
        DomainCheck check = domains(true, 100).checkAddress("ada@nomail.example");
        assertThat(check.verdict()).isEqualTo(Verdict.NULL_MX);
        assertThat(check.detail()).contains("RFC 7505");
    }

    @Test
    void aNullMxBesideARealOneIsIgnored() {
        assertThat(domains(true, 100).check("mixed.example").verdict()).isEqualTo(Verdict.ACCEPTS_MAIL);
    }

    @Test
    void anAddressRecordWithoutMxIsTheImplicitMx() {
        MailDomains domains = domains(true, 100);
        assertThat(domains.check("a-only.example").verdict()).isEqualTo(Verdict.ACCEPTS_MAIL);
        assertThat(domains.check("a-only.example").detail()).contains("A record (implicit MX)");
        assertThat(domains.check("aaaa-only.example").verdict()).isEqualTo(Verdict.ACCEPTS_MAIL);
        assertThat(domains.check("aaaa-only.example").detail()).contains("AAAA record");
    }

    @Test
    void aDomainThatDoesNotExistOrHasNoRecordsIsNoMailDomain() {
        MailDomains domains = domains(true, 100);
        DomainCheck missing = domains.check("gmial-nowhere.example");
        assertThat(missing.verdict()).isEqualTo(Verdict.NO_MAIL_DOMAIN);
        assertThat(missing.detail()).contains("NXDOMAIN");
        assertThat(domains.check("bare.example").verdict()).isEqualTo(Verdict.NO_MAIL_DOMAIN);
    }

    @Test
    void aFailureOrATimeoutIsUnknownAndNeverKept() {
        MailDomains domains = domains(true, 100);
        assertThat(domains.check("broken.example").verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(domains.check("broken.example").detail()).contains("SERVFAIL");
        DomainCheck slow = domains.check("slow.example");
        assertThat(slow.verdict()).isEqualTo(Verdict.UNKNOWN);
        int before = dns.queries();
        domains.check("slow.example");
        assertThat(dns.queries()).as("a failure is asked again").isGreaterThan(before);
    }

    @Test
    void answersAreKeptForTheirTimeInABoundedCache() {
        MailDomains domains = domains(true, 2);
        domains.check("example.org");
        int afterFirst = dns.queries();
        domains.check("EXAMPLE.org");
        assertThat(dns.queries()).as("kept").isEqualTo(afterFirst);

        clock.advance(Duration.ofMinutes(11));
        domains.check("example.org");
        assertThat(dns.queries()).as("asked again after the TTL").isGreaterThan(afterFirst);

        int beforeEviction = dns.queries();
        domains.check("a-only.example");
        domains.check("aaaa-only.example");
        int afterTwoOthers = dns.queries();
        assertThat(afterTwoOthers).isGreaterThan(beforeEviction);
        domains.check("example.org");
        assertThat(dns.queries()).as("the least recently used left the cache of two").isGreaterThan(afterTwoOthers);
    }

    @Test
    void nothingIsAskedWhenTheChecksAreOff() {
        DomainCheck check = domains(false, 100).check("nomail.example");
        assertThat(check.verdict()).isEqualTo(Verdict.NOT_CHECKED);
        assertThat(dns.queries()).isZero();
    }

    @Test
    void aNameThatIsNoDomainIsNoMailDomainWithoutAQuery() {
        assertThat(domains(true, 100).check("a..b").verdict()).isEqualTo(Verdict.NO_MAIL_DOMAIN);
        assertThat(dns.queries()).isZero();
    }

    /** A clock the test moves by hand. */
    static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
