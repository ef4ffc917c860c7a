package org.credentialcourier.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.SocketException;
import java.util.Map;

import javax.sql.DataSource;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.contact.ContactService;
import org.credentialcourier.contact.NewContact;
import org.credentialcourier.support.CourierTest;
import org.credentialcourier.support.Http;
import org.credentialcourier.support.Http.Response;
import org.credentialcourier.support.LoopbackDnsServer;
import org.credentialcourier.support.Scenario;
import org.credentialcourier.support.Tables;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Pre-send checks with DNS on (issue 16), against a DNS server on loopback that this test starts: a null MX or a
 * domain without mail is refused before anything is written, an MX or an address record (implicit MX) passes, and a
 * DNS failure is only a warning the admin may accept.
 */
@CourierTest
class PreSendDnsTest {

    private static final LoopbackDnsServer DNS = start();

    @DynamicPropertySource
    static void dns(DynamicPropertyRegistry registry) {
        registry.add("courier.presend.dns.enabled", () -> "true");
        registry.add("courier.presend.dns.resolver", DNS::address);
        registry.add("courier.presend.dns.timeout", () -> "300ms");
        // a second application context: a database and an engine of its own. Under the first one's engine name it took
        // the REST API's and Tasklist's engine over, so EngineDoorTest's guard saw no signed-in user and Tasklist's
        // start forms asked a DNS server this class had stopped (see SendingLimitTest). Not closed after the class
        // (@DirtiesContext): see BulkBouncesTest
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:courier-presend-dns;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
        registry.add("camunda.bpm.process-engine-name", () -> "preSendDnsTest");
    }

    private static LoopbackDnsServer start() {
        try {
            return new LoopbackDnsServer()
                    .mx("mx.example", 10, "mail.mx.example")
                    .nullMx("nullmx.example")
                    .a("a-only.example", "192.0.2.25")
                    .exists("empty.example")
                    .servfail("broken.example")
                    .silent("slow.example");
        } catch (SocketException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stopDns() {
        DNS.close();
    }

    @LocalServerPort int port;
    @Autowired ProcessEngine engine;
    @Autowired ContactService contacts;
    @Autowired DataSource dataSource;

    private Http admin;

    @BeforeEach
    void signIn() {
        BpmnAwareTests.init(engine);
        admin = Http.as(port, "demo", "demo");
    }

    private Contact contactAt(String domain) {
        String local = Scenario.uniqueEmail("alan").replace("@example.org", "");
        return contacts.create(new NewContact(local + "@" + domain, "Alan", "Turing", "en"));
    }

    private Response invite(Contact contact, boolean acceptWarnings) {
        return admin.postJson("/api/invitations", Map.of("contactId", contact.id(), "acceptWarnings", acceptWarnings));
    }

    @Test
    void aNullMxIsRefusedAndNothingIsWritten() throws Exception {
        Contact contact = contactAt("nullmx.example");
        var before = Tables.rowCounts(dataSource);
        Response refused = invite(contact, true);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("field").asText()).isEqualTo("email");
        assertThat(refused.json().get("detail").asText()).contains("null MX (RFC 7505)");
        assertThat(Tables.rowCounts(dataSource)).isEqualTo(before);
    }

    @Test
    void aDomainWithoutMailIsRefused() throws Exception {
        Contact nowhere = contactAt("nowhere.example");
        Contact empty = contactAt("empty.example");
        var before = Tables.rowCounts(dataSource);
        Response missing = invite(nowhere, true);
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("detail").asText()).contains("receives no mail").contains("NXDOMAIN");
        Response noRecords = invite(empty, true);
        assertThat(noRecords.status()).isEqualTo(400);
        assertThat(noRecords.json().get("detail").asText()).contains("no MX and no address record");
        assertThat(Tables.rowCounts(dataSource)).isEqualTo(before);
    }

    @Test
    void aTypoOfADomainThatDoesNotExistIsRefusedWithTheSuggestion() {
        Contact contact = contactAt("gmial.com");
        Response refused = invite(contact, true);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("detail").asText()).contains("Did you mean").contains("@gmail.com?");
    }

    @Test
    void anMxOrAnAddressRecordPasses() {
        assertThat(invite(contactAt("mx.example"), false).status()).isEqualTo(201);
        assertThat(invite(contactAt("a-only.example"), false).status()).as("implicit MX").isEqualTo(201);
    }

    @Test
    void aTimeoutOrAServerFailureIsOnlyAWarning() {
        for (String domain : new String[] {"slow.example", "broken.example"}) {
            Contact contact = contactAt(domain);
            Response warned = invite(contact, false);
            assertThat(warned.status()).as(domain).isEqualTo(422);
            assertThat(warned.json().get("warnings").get(0).get("code").asText()).isEqualTo("dns-unknown");
            assertThat(invite(contact, true).status()).as(domain).isEqualTo(201);
        }
    }
}
