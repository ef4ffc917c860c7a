package org.credentialcourier.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import javax.sql.DataSource;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;
import org.credentialcourier.bounce.BounceMailbox;
import org.credentialcourier.bounce.BounceMailboxProperties;
import org.credentialcourier.delivery.MailDeliveryProcess;
import org.credentialcourier.support.CourierTest;
import org.credentialcourier.support.Http;
import org.credentialcourier.support.Http.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * Issue 16's "done when": a bulk of 1,000 invitations from a CSV import, 50 of whose addresses bounce. The bounces
 * come back as delivery status notifications per RFC 3464, put into the bounce mailbox on a real IMAP server
 * (GreenMail's): half reach their attempt by its VERP address, half only by the Message-ID of the returned headers.
 * The run ends with exactly those 50 invitations bounced, each with its admin's "Resolve failed delivery", and the
 * other 950 pending; the run's funnel (API and page) shows 1,000 sent and 50 bounced.
 * <p>
 * A database and an engine of its own: 1,000 pending invitations in the shared test database would change what other
 * tests count. Chunks of 250 (the shared profile's 3 would make 334 chunk jobs). The context is not closed after the
 * class (@DirtiesContext): a closing context's Camunda webapps set their JVM-wide runtime delegates to null
 * (TasklistContainerBootstrap and its siblings, at contextDestroyed), so the shared context's webapps answered 500 at
 * every sign-in and page for the rest of the suite (AdminDoorTest, AccessControlTest, the Tasklist tests).
 */
@CourierTest
@TestPropertySource(properties = {
        "spring.datasource.url=jdbc:h2:mem:courier-bulk-bounces;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000",
        // a second application context: its engine must not take the first one's name (see SendingLimitTest)
        "camunda.bpm.process-engine-name=bulkBouncesTest",
        "courier.bulk.chunk-size=250"})
class BulkBouncesTest {

    private static final int ROWS = 1000;
    private static final int EVERY_BOUNCING = 20;
    private static final String USER = "bounces";
    private static final String PASSWORD = "imap secret 16";
    private static final String BOUNCING_DOMAIN = "gone.example.net";

    @LocalServerPort int port;
    @Autowired ProcessEngine engine;
    @Autowired ManagementService management;
    @Autowired BounceMailbox mailbox;
    @Autowired BounceMailboxProperties configured;
    @Autowired DataSource dataSource;

    private GreenMail imap;
    private GreenMailUser account;

    @BeforeEach
    void startImap() {
        imap = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP).dynamicPort());
        imap.start();
        account = imap.setUser("bounces@courier.example.test", USER, PASSWORD);
    }

    @AfterEach
    void stopImap() {
        imap.stop();
    }

    @Test
    void aThousandInvitationsWithFiftyBouncesEndWithExactlyThoseFiftyBouncedAndTheFunnelShowsIt() throws Exception {
        Http admin = Http.as(port, "demo", "demo");
        StringBuilder csv = new StringBuilder("email,firstName,lastName,locale\r\n");
        Set<String> bouncing = new HashSet<>();
        for (int row = 1; row <= ROWS; row++) {
            String email;
            if (row % EVERY_BOUNCING == 0) {
                email = "left" + row + "@" + BOUNCING_DOMAIN;
                bouncing.add(email);
            } else {
                email = "member" + row + "@" + (row % 2 == 0 ? "a.example.org" : "b.example.org");
            }
            csv.append(email).append(",Ada,Lovelace").append(',').append(row % 3 == 0 ? "fr" : "en")
                    .append("\r\n");
        }
        assertThat(bouncing).hasSize(50);

        Response started = admin.post("/api/contacts/import?invite=true", "text/csv; charset=utf-8",
                BodyPublishers.ofString(csv.toString()));
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String bulkId = started.json().get("id").asText();
        assertThat(started.json().get("queued").asInt()).isEqualTo(ROWS);
        runJobs();

        JdbcTemplate sql = new JdbcTemplate(dataSource);
        assertThat(sql.queryForObject("SELECT COUNT(*) FROM mail_log WHERE template = 'invitation' AND status = 'SENT'",
                Integer.class)).isEqualTo(ROWS);
        List<Map<String, Object>> attempts = sql.queryForList("SELECT recipient, message_id FROM mail_log"
                + " WHERE recipient_domain = ? ORDER BY id", BOUNCING_DOMAIN);
        assertThat(attempts).hasSize(50);
        int n = 0;
        for (Map<String, Object> attempt : attempts) {
            deliverBounce((String) attempt.get("recipient"), (String) attempt.get("message_id"), n++ % 2 == 0);
        }

        BounceMailbox.Poll poll = mailbox.poll(configured.at("127.0.0.1", imap.getImap().getPort(), false, USER,
                PASSWORD));
        assertThat(poll).isEqualTo(new BounceMailbox.Poll(50, 50, 0, 0));
        runJobs();

        Map<String, String> statusByEmail = new HashMap<>();
        Map<String, String> invitationByEmail = new HashMap<>();
        sql.query("SELECT c.email, i.id, i.status FROM invitation i JOIN contact c ON c.id = i.contact_id", rs -> {
            statusByEmail.put(rs.getString("email"), rs.getString("status"));
            invitationByEmail.put(rs.getString("email"), rs.getString("id"));
        });
        assertThat(statusByEmail).hasSize(ROWS);
        statusByEmail.forEach((email, status) -> assertThat(status).as(email)
                .isEqualTo(bouncing.contains(email) ? "BOUNCED" : "PENDING"));

        List<Task> resolve = engine.getTaskService().createTaskQuery()
                .taskDefinitionKey(MailDeliveryProcess.Elements.RESOLVE_FAILED_DELIVERY).list();
        Set<String> resolving = new HashSet<>();
        for (Task task : resolve) {
            resolving.add((String) engine.getTaskService().getVariable(task.getId(),
                    MailDeliveryProcess.Vars.SUBJECT_ID));
        }
        assertThat(resolve).as("one task per bounced invitation").hasSize(50);
        assertThat(resolving).containsExactlyInAnyOrderElementsOf(
                bouncing.stream().map(invitationByEmail::get).toList());

        JsonNode total = admin.get("/api/funnel?bulkRun=" + bulkId).json().get("rows").get(0);
        assertThat(total.get("sent").asInt()).isEqualTo(ROWS);
        assertThat(total.get("bounced").asInt()).isEqualTo(50);
        assertThat(total.get("opened").asInt()).isZero();
        JsonNode byDomain = admin.get("/api/funnel?bulkRun=" + bulkId + "&groupBy=domain").json().get("rows");
        Map<String, String> domains = new HashMap<>();
        byDomain.forEach(row -> domains.put(row.get("group").get("domain").asText(),
                row.get("sent").asInt() + " sent, " + row.get("bounced").asInt() + " bounced"));
        assertThat(domains).containsOnly(Map.entry("a.example.org", "450 sent, 0 bounced"),
                Map.entry("b.example.org", "500 sent, 0 bounced"), Map.entry(BOUNCING_DOMAIN, "50 sent, 50 bounced"));

        Response page = admin.get("/admin/bulk/" + bulkId);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Delivery funnel", "<td class=\"num sent\">1000</td>", BOUNCING_DOMAIN);
        assertThat(page.body().replaceAll("\\s+", " ")).contains("<td class=\"num bounced\">50 ");
    }

    /** Runs every due job that is no timer (chunks, invitations, deliveries, bounce reactions) until none is left. */
    private void runJobs() {
        List<Job> jobs;
        while (!(jobs = management.createJobQuery().executable().messages().listPage(0, 500)).isEmpty()) {
            for (Job job : jobs) {
                management.executeJob(job.getId());
            }
        }
    }

    /**
     * A delivery status notification per RFC 3464, as a relay's MTA writes it: sent to the attempt's VERP address
     * ({@code verp}) or to the plain sender, naming the attempt only by the Message-ID of the returned headers.
     */
    private void deliverBounce(String recipient, String messageId, boolean verp) throws Exception {
        String to = verp ? "bounces+" + messageId.substring(1, messageId.indexOf('@')) + "@courier.example.test"
                : "no-reply@credential-courier.local";
        String report = """
                Date: %s
                From: MAILER-DAEMON@mx.gone.example.net (Mail Delivery System)
                To: %s
                Subject: Undelivered Mail Returned to Sender
                Auto-Submitted: auto-replied
                Message-ID: <dsn.%s@mx.gone.example.net>
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=delivery-status; boundary="dsn-boundary"

                --dsn-boundary
                Content-Type: text/plain; charset=us-ascii

                Your message to <%s> could not be delivered.

                --dsn-boundary
                Content-Type: message/delivery-status

                Reporting-MTA: dns; mx.gone.example.net

                Final-Recipient: rfc822; %s
                Action: failed
                Status: 5.1.1
                Diagnostic-Code: smtp; 550 5.1.1 <%s>: Recipient address rejected: User unknown

                --dsn-boundary
                Content-Type: text/rfc822-headers

                Message-ID: %s
                From: Credential Courier <no-reply@credential-courier.local>
                To: %s
                Subject: Your invitation

                --dsn-boundary--
                """.formatted(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.RFC_1123_DATE_TIME), to,
                System.nanoTime(), recipient, recipient, recipient, messageId, recipient)
                .replace("\n", "\r\n");
        account.deliver(new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(report.getBytes(StandardCharsets.US_ASCII))));
    }
}
