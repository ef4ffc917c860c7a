package org.credentialcourier.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.contact.ContactService;
import org.credentialcourier.contact.NewContact;
import org.credentialcourier.reset.PasswordResetProcess;
import org.credentialcourier.reset.PasswordResetRepository;
import org.credentialcourier.support.CourierTest;
import org.credentialcourier.support.Http;
import org.credentialcourier.support.Http.Response;
import org.credentialcourier.support.Scenario;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The delivery funnel over real HTTP: a link's page opened (GET), redeemed (POST), the sign-in after it; a link opened
 * at once and never used counts as a likely scanner, one opened later does not; the figures reach
 * {@code GET /api/funnel}, the console's pages and {@code /actuator/prometheus}; bad parameters are 400s naming
 * them. Each test's contacts share a domain of their own, so the funnel grouped by domain is the test's alone.
 */
@CourierTest
class FunnelTest {

    private static final String PASSWORD = "seven silent lanterns";

    @LocalServerPort int port;
    @Autowired ProcessEngine engine;
    @Autowired Scenario scenario;
    @Autowired ContactService contacts;
    @Autowired DataSource dataSource;
    @Autowired RuntimeService runtime;
    @Autowired PasswordResetRepository resets;

    private Http admin;
    private String domain;

    @BeforeEach
    void setUp() {
        BpmnAwareTests.init(engine);
        admin = Http.as(port, "demo", "demo");
        domain = "funnel" + System.nanoTime() + ".example.org";
    }

    @Test
    void aLinkOpenedRedeemedAndFollowedBySignInGoesThroughEveryStep() {
        Contact ada = contact("ada", "en");
        scenario.inviteAndDeliver(ada);
        sentMinutesAgo(ada, 10);
        String token = scenario.lastToken(ada.email());
        Http browser = Http.anonymousFrom("198.51.100.21", port);

        Response page = browser.get("/activate?token=" + token);
        browser.get("/activate?token=" + token);
        JsonNode opened = row();
        assertThat(opened.get("sent").asInt()).isEqualTo(1);
        assertThat(opened.get("opened").asInt()).isEqualTo(1);
        assertThat(opened.get("redeemed").asInt()).isZero();
        assertThat(opened.get("likelyScanner").asInt()).as("opened ten minutes after sending").isZero();
        assertThat(opened.get("medianSeconds").get("opened").asLong()).isGreaterThanOrEqualTo(600);
        assertThat(openCount(token)).as("each opening counted, the first one's time kept").isEqualTo(2);

        Response set = browser.postForm("/activate", Map.of("_csrf", page.csrfToken(), "token", token,
                "password", PASSWORD, "passwordConfirmation", PASSWORD));
        assertThat(set.status()).isEqualTo(200);
        assertThat(row().get("redeemed").asInt()).isEqualTo(1);
        assertThat(row().get("signedIn").asInt()).isZero();

        signIn(ada);
        signIn(ada);
        JsonNode signedIn = row();
        assertThat(signedIn.get("signedIn").asInt()).as("the first sign-in, once").isEqualTo(1);
        assertThat(signedIn.get("medianSeconds").get("signed-in").asLong()).isGreaterThanOrEqualTo(600);
        assertThat(signedIn.get("bounced").asInt()).isZero();
    }

    @Test
    void aLinkOpenedAtOnceAndNeverUsedIsALikelyScannerAndOneOpenedLaterIsNot() {
        Contact scanned = contact("scanned", "fr");
        scenario.inviteAndDeliver(scanned);
        Contact later = contact("later", "en");
        scenario.inviteAndDeliver(later);
        sentMinutesAgo(later, 5);
        Contact untouched = contact("untouched", "en");
        scenario.inviteAndDeliver(untouched);

        Http scanner = Http.anonymousFrom("203.0.113.77", port);
        assertThat(scanner.get("/activate?token=" + scenario.lastToken(scanned.email())).status()).isEqualTo(200);
        assertThat(scanner.get("/activate?token=" + scenario.lastToken(later.email())).status()).isEqualTo(200);

        JsonNode row = row();
        assertThat(row.get("sent").asInt()).isEqualTo(3);
        assertThat(row.get("opened").asInt()).isEqualTo(2);
        assertThat(row.get("likelyScanner").asInt()).isEqualTo(1);
        JsonNode byLanguage = admin.get("/api/funnel?days=1&groupBy=domain,language").json().get("rows");
        assertThat(byLanguage.findParents("group").stream()
                .filter(r -> r.get("group").get("domain").asText().equals(domain))
                .map(r -> r.get("group").get("language").asText() + " " + r.get("likelyScanner").asInt()))
                .containsExactlyInAnyOrder("fr 1", "en 0");
    }

    @Test
    void aResetLinkHasItsOwnFunnelAndTheSignInAfterItCountsForTheLinksItFollows() {
        Contact ada = contact("ada", "en");
        scenario.inviteAndDeliver(ada);
        Http browser = Http.anonymousFrom("198.51.100.23", port);
        String activation = scenario.lastToken(ada.email());
        Response page = browser.get("/activate?token=" + activation);
        assertThat(browser.postForm("/activate", Map.of("_csrf", page.csrfToken(), "token", activation,
                "password", PASSWORD, "passwordConfirmation", PASSWORD)).status()).isEqualTo(200);

        Response form = browser.get("/forgot-password");
        browser.postForm("/forgot-password", Map.of("_csrf", form.csrfToken(), "email", ada.email()));
        await().atMost(Duration.ofSeconds(20)).until(() -> !resets.pendingForContact(ada.id()).isEmpty()
                && resetInstance(ada) != null);
        scenario.runDeliveryJob(BpmnAwareTests.calledProcessInstance(resetInstance(ada)));
        String reset = scenario.lastToken(ada.email());
        Response resetPage = browser.get("/reset-password?token=" + reset);
        assertThat(browser.postForm("/reset-password", Map.of("_csrf", resetPage.csrfToken(), "token", reset,
                "password", PASSWORD + " two", "passwordConfirmation", PASSWORD + " two")).status()).isEqualTo(200);
        signIn(ada, PASSWORD + " two");

        JsonNode rows = admin.get("/api/funnel?days=1&groupBy=domain,template&limit=1000").json().get("rows");
        assertThat(rows.findParents("group").stream()
                .filter(r -> r.get("group").get("domain").asText().equals(domain))
                .map(r -> r.get("group").get("template").asText() + ": " + r.get("sent").asInt() + " sent, "
                        + r.get("opened").asInt() + " opened, " + r.get("redeemed").asInt() + " redeemed, "
                        + r.get("signedIn").asInt() + " signed in"))
                .containsExactlyInAnyOrder("invitation: 1 sent, 1 opened, 1 redeemed, 1 signed in",
                        "password-reset: 1 sent, 1 opened, 1 redeemed, 1 signed in");
    }

    @Test
    void openingsAtTheSameMomentAreEachCountedAndTheLinkStaysUnused() throws Exception {
        Contact ada = contact("ada", "en");
        scenario.inviteAndDeliver(ada);
        String token = scenario.lastToken(ada.email());
        int openers = 8;
        var pool = java.util.concurrent.Executors.newFixedThreadPool(openers);
        try {
            var start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Integer>> statuses = new java.util.ArrayList<>();
            for (int n = 0; n < openers; n++) {
                Http browser = Http.anonymousFrom("203.0.113." + (100 + n), port);
                statuses.add(pool.submit(() -> {
                    start.await();
                    return browser.get("/activate?token=" + token).status();
                }));
            }
            start.countDown();
            for (var status : statuses) {
                assertThat(status.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(openCount(token)).isEqualTo(openers);
        JsonNode row = row();
        assertThat(row.get("opened").asInt()).isEqualTo(1);
        assertThat(row.get("redeemed").asInt()).isZero();
        assertThat(row.get("likelyScanner").asInt()).isEqualTo(1);
    }

    @Test
    void anUnknownTokenCountsNothing() {
        Contact ada = contact("ada", "en");
        scenario.inviteAndDeliver(ada);
        Http guesser = Http.anonymousFrom("203.0.113.78", port);

        assertThat(guesser.get("/activate?token=" + "x".repeat(43)).status()).isEqualTo(404);

        assertThat(row().get("opened").asInt()).isZero();
    }

    @Test
    void theConsoleShowsTheFunnelOnItsPageAndTheMetricsCountByTemplateAndLanguageOnly() {
        String before = admin.get("/actuator/prometheus").body();
        Contact ada = contact("ada", "en");
        scenario.inviteAndDeliver(ada);

        Response page = admin.get("/admin/funnel");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Delivery funnel, last <span>30</span> days", "id=\"funnel-template\"",
                "id=\"funnel-language\"", "id=\"funnel-domain\"", "Likely scanner");

        Response home = admin.get("/admin/contacts");
        assertThat(home.body()).contains("id=\"funnel-summary\"", "emails sent", "href=\"/admin/funnel\"");

        String after = admin.get("/actuator/prometheus").body();
        String sent = "courier_funnel_emails{language=\"en\",step=\"sent\",template=\"invitation\"}";
        assertThat(gauge(after, sent) - gauge(before, sent)).isEqualTo(1.0);
        assertThat(after.lines().filter(line -> line.startsWith("courier_funnel_")))
                .isNotEmpty().noneMatch(line -> line.contains("domain") || line.contains("@"));
        assertThat(Http.anonymous(port).get("/actuator/prometheus").status()).isEqualTo(401);
    }

    @Test
    void badParametersAreRefusedByName() {
        assertField(admin.get("/api/funnel?groupBy=nope"), 400, "groupBy");
        assertField(admin.get("/api/funnel?groupBy=template,template"), 400, "groupBy");
        assertField(admin.get("/api/funnel?days=0"), 400, "days");
        assertField(admin.get("/api/funnel?days=abc"), 400, "days");
        assertField(admin.get("/api/funnel?limit=0"), 400, "limit");
        assertField(admin.get("/api/funnel?bulkRun=" + "a".repeat(37)), 400, "bulkRun");
        assertThat(admin.get("/api/funnel?bulkRun=no-such-run").status()).isEqualTo(404);
        assertThat(Http.anonymous(port).get("/api/funnel").status()).isEqualTo(401);
        JsonNode total = admin.get("/api/funnel").json();
        assertThat(total.get("days").asInt()).isEqualTo(30);
        assertThat(total.get("rows")).hasSize(1);
    }

    private Contact contact(String name, String locale) {
        return contacts.create(new NewContact(name + "@" + domain, "Ada", "Lovelace", locale));
    }

    /** The funnel of this test's domain, from the API. */
    private JsonNode row() {
        Response answer = admin.get("/api/funnel?days=1&groupBy=domain&limit=1000");
        assertThat(answer.status()).isEqualTo(200);
        return answer.json().get("rows").findParents("group").stream()
                .filter(r -> r.get("group").get("domain").asText().equals(domain)).findFirst().orElseThrow();
    }

    /** The contact's emails left their server {@code minutes} earlier than they did. */
    private void sentMinutesAgo(Contact contact, int minutes) {
        new JdbcTemplate(dataSource).update("UPDATE mail_log SET created_at = ? WHERE contact_id = ?",
                java.sql.Timestamp.from(java.time.Instant.now().minus(java.time.Duration.ofMinutes(minutes))),
                contact.id());
    }

    private ProcessInstance resetInstance(Contact contact) {
        return runtime.createProcessInstanceQuery().processDefinitionKey(PasswordResetProcess.PROCESS_KEY)
                .variableValueEquals("resetId", resets.pendingForContact(contact.id()).get(0).id()).singleResult();
    }

    private int openCount(String token) {
        return new JdbcTemplate(dataSource).queryForObject("SELECT open_count FROM activation_token"
                + " WHERE token_hash = ?", Integer.class, org.credentialcourier.credential.SecretDigest.sha256(token));
    }

    private void signIn(Contact contact) {
        signIn(contact, PASSWORD);
    }

    private void signIn(Contact contact, String password) {
        Http browser = Http.anonymousFrom("198.51.100.22", port);
        Response form = browser.get("/sign-in");
        Response signedIn = browser.postForm("/sign-in", Map.of("_csrf", form.csrfToken(), "email", contact.email(),
                "password", password));
        assertThat(signedIn.status()).isEqualTo(302);
    }

    private static double gauge(String scrape, String series) {
        Matcher value = Pattern.compile(Pattern.quote(series) + " (\\S+)").matcher(scrape);
        return value.find() ? Double.parseDouble(value.group(1)) : 0;
    }

    private static void assertField(Response response, int status, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.body()).contains(field);
    }
}
