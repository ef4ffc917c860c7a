package org.credentialcourier.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.credentialcourier.contact.AccountStatus;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.contact.ContactRepository;
import org.credentialcourier.invitation.InvitationService;
import org.credentialcourier.support.CourierTest;
import org.credentialcourier.support.Http;
import org.credentialcourier.support.Http.Response;
import org.credentialcourier.support.Scenario;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The audit page {@code /admin/audit} over HTTP: both histories as one list newest first, each filter (who, what, to
 * whom, between days in the admin's zone), pages of 50, the CSV export with its defused cells, what it refuses (a 400
 * page naming the parameter, never a 500), and an admin's time zone, which moves the days and the times shown. Every
 * test acts as an actor of its own: the database is shared by the whole suite.
 */
@CourierTest
class AuditPageTest {

    private static final Pattern LINE = Pattern.compile("class=\"audit-line\" data-action=\"([a-z-]+)\"");
    private static final String PASSWORD = "a long audit password";

    private final int port;
    private final ConsoleFixtures fixtures;
    private final ContactRepository contactRows;
    private final InvitationService invitations;
    private final IdentityService identity;
    private final JdbcTemplate jdbc;
    private final Http demo;

    @Autowired
    AuditPageTest(@LocalServerPort int port, ProcessEngine engine, ConsoleFixtures fixtures,
                  ContactRepository contactRows, InvitationService invitations, IdentityService identity,
                  JdbcTemplate jdbc) {
        BpmnAwareTests.init(engine);
        this.port = port;
        this.fixtures = fixtures;
        this.contactRows = contactRows;
        this.invitations = invitations;
        this.identity = identity;
        this.jdbc = jdbc;
        this.demo = Http.as(port, "demo", "demo");
    }

    @Test
    void whoDidWhatToWhomNewestFirstWithEachFilter() {
        String name = ConsoleFixtures.marker("Audit");
        String admin = ConsoleFixtures.marker("auditor");
        Contact ada = fixtures.contact("Ada", name);
        Contact bob = fixtures.contact("Bob", name);
        event(ada, "PASSWORD_EMAILED", admin, null, "2026-01-10T10:00:00Z");
        event(bob, "RESET_LINK_REQUESTED", admin, "valid until 2026-01-13", "2026-01-12T23:30:00Z");
        invitations.invite(ada.id(), admin);

        Response all = demo.get("/admin/audit?admin=" + admin);
        assertThat(all.status()).isEqualTo(200);
        assertThat(actions(all)).containsExactly("invitation-created", "reset-link-requested", "password-emailed");
        assertThat(all.body()).contains("3 actions matching the filter, newest first.",
                "aria-current=\"page\">Audit</a>", "<option value=\"" + admin + "\" selected=\"selected\">",
                "<optgroup label=\"Invitations\">", ">Reset link requested</th>", ">Invited</th>",
                "href=\"/admin/contacts/" + bob.id() + "\">Bob " + name + "</a>", "valid until 2026-01-13",
                // the time in the admin's zone (UTC for demo), UTC on hover, the instant in datetime
                "datetime=\"2026-01-12T23:30:00Z\" title=\"2026-01-12 23:30:00 UTC\">2026-01-12 23:30 UTC</time>",
                "href=\"/admin/audit/export.csv?admin=" + admin + "\"");

        assertThat(actions(demo.get("/admin/audit?admin=" + admin + "&action=reset-link-requested")))
                .containsExactly("reset-link-requested");
        assertThat(actions(demo.get("/admin/audit?admin=" + admin + "&action=invitation-created")))
                .containsExactly("invitation-created");
        assertThat(actions(demo.get("/admin/audit?action=password-emailed&q=" + encode("bob " + name)))).isEmpty();
        assertThat(actions(demo.get("/admin/audit?q=" + encode("BOB " + name)))).containsExactly("reset-link-requested");
        assertThat(actions(demo.get("/admin/audit?q=" + encode(ada.email())))).containsExactly("invitation-created",
                "password-emailed");
        assertThat(actions(demo.get("/admin/audit?admin=" + admin + "&from=2026-01-11&to=2026-01-12")))
                .containsExactly("reset-link-requested");
        assertThat(actions(demo.get("/admin/audit?admin=" + admin + "&to=2026-01-10")))
                .containsExactly("password-emailed");
        assertThat(actions(demo.get("/admin/audit?admin=" + admin + "&from=2026-01-13")))
                .containsExactly("invitation-created");
        assertThat(actions(demo.get("/admin/audit?admin=" + admin + "x"))).isEmpty();
        assertThat(demo.get("/admin/audit?admin=" + admin + "x").body()).contains("Nothing recorded matches.");
    }

    @Test
    void pagesOfFiftyNewestFirstThatKeepTheFilter() {
        String admin = ConsoleFixtures.marker("pager");
        Contact ada = fixtures.contact("Ada", ConsoleFixtures.marker("Paged"));
        Instant start = Instant.parse("2026-02-01T08:00:00Z");
        for (int i = 0; i < 55; i++) {
            event(ada, "PASSWORD_CHANGED", admin, "n" + i, start.plusSeconds(60L * i).toString());
        }
        Response first = demo.get("/admin/audit?admin=" + admin);
        assertThat(actions(first)).hasSize(50);
        assertThat(first.body()).contains("55 actions matching the filter, newest first; page 1 of 2.", ">n54</td>",
                "href=\"/admin/audit?admin=" + admin + "&amp;page=2\" rel=\"next\"").doesNotContain(">n4</td>");
        Response second = demo.get("/admin/audit?admin=" + admin + "&page=2");
        assertThat(actions(second)).hasSize(5);
        assertThat(second.body()).contains(">n4</td>", ">n0</td>", "rel=\"prev\"").doesNotContain(">n5</td>");
        assertThat(demo.get("/admin/audit?admin=" + admin + "&page=999999999").body()).as("clamped to the last")
                .contains(">n0</td>", "page 2 of 2");
        assertThat(demo.get("/admin/audit?admin=" + admin + "&page=-3").body()).contains(">n54</td>", "page 1 of 2");
    }

    @Test
    void exportIsTheFilterAsDefusedUtf8Csv() {
        String admin = ConsoleFixtures.marker("exporter");
        Instant now = Instant.now();
        Contact formula = new Contact(UUID.randomUUID().toString(), Scenario.uniqueEmail("formula"),
                "=HYPERLINK(\"http://evil.example\")", "+SUM(1,2)", "en", AccountStatus.NONE, now, now);
        contactRows.insert(formula);
        event(formula, "PASSWORD_REVEALED", admin, "@cmd", "2026-03-01T14:05:09Z");
        event(formula, "PASSWORD_CHANGE_REQUESTED", admin, "-2+3, \"quoted\"", "2026-03-01T14:00:00Z");

        Response csv = demo.get("/admin/audit/export.csv?admin=" + admin);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.header("Content-Type")).isEqualTo("text/csv;charset=UTF-8");
        assertThat(csv.header("Content-Disposition")).startsWith("attachment; filename=\"audit-").endsWith(".csv\"");
        assertThat(csv.header("Cache-Control")).contains("no-store");
        String body = csv.body();
        assertThat(body).startsWith("\uFEFF\"Time (UTC)\",\"Time (UTC)\",\"Who\",\"Action\",\"Action code\","
                + "\"Contact id\",\"First name\",\"Last name\",\"Email\",\"Invitation id\",\"Detail\"\r\n");
        assertThat(body.split("\r\n", -1)).hasSize(1 + 2 + 1);
        assertThat(body.split("\r\n")[1]).isEqualTo("\"2026-03-01 14:05:09\",\"2026-03-01T14:05:09Z\",\"" + admin
                + "\",\"New password shown for a hand-over\",\"password-revealed\",\"" + formula.id()
                + "\",\"'=HYPERLINK(\"\"http://evil.example\"\")\",\"'+SUM(1,2)\",\"" + formula.email()
                + "\",\"\",\"'@cmd\"");
        assertThat(body.split("\r\n")[2]).endsWith(",\"'-2+3, \"\"quoted\"\"\"");
        assertThat(demo.get("/admin/audit/export.csv?admin=" + admin + "&action=password-revealed").body()
                .split("\r\n", -1)).hasSize(1 + 1 + 1);
    }

    @Test
    void hostileInputGetsA400PageNamingTheParameter() {
        Map<String, String> refused = Map.ofEntries(
                Map.entry("from=yesterday", "from has a value this page does not take: a date is written"),
                Map.entry("from=2026-02-30", "from has a value"),
                Map.entry("to=2026-13-01", "to has a value"),
                Map.entry("from=2026-03-02&to=2026-03-01", "to must not be before from."),
                Map.entry("q=" + "x".repeat(10_000), "q must be at most 200 characters"),
                Map.entry("q=%00", "q must be at most 200 characters, without control characters."),
                Map.entry("q=%E2%80%AEevil", "q must be"),
                Map.entry("action=drop-table", "action must be one of invitation-created,"),
                Map.entry("action=INVITATION-CREATED", "action must be one of"),
                Map.entry("action=password_emailed", "action must be one of"),
                Map.entry("admin=" + "a".repeat(101), "admin must be a user id of at most 100 characters"),
                Map.entry("admin=demo%0A", "admin must be"),
                Map.entry("page=x", "page has a value this page does not take."));
        refused.forEach((query, sentence) -> {
            Response page = demo.get("/admin/audit?" + query);
            assertThat(page.status()).as(query).isEqualTo(400);
            assertThat(page.body()).as(query).contains("Bad request", sentence).doesNotContain("Exception", "at org.");
            if (!query.startsWith("page=")) {
                Response export = demo.get("/admin/audit/export.csv?" + query);
                assertThat(export.status()).as("export " + query).isEqualTo(400);
                assertThat(export.body()).as("export " + query).contains(sentence);
            }
        });
        Response injection = demo.get("/admin/audit?q=%27%20OR%201%3D1%20--&admin=" + encode("x' OR '1'='1"));
        assertThat(injection.status()).isEqualTo(200);
        assertThat(injection.body()).contains("Nothing recorded matches.");
        Response script = demo.get("/admin/audit?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E");
        assertThat(script.body()).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>");
        assertThat(Http.anonymous(port).get("/admin/audit").status()).as("admins only").isEqualTo(401);
        assertThat(Http.anonymous(port).get("/admin/audit/export.csv").status()).isEqualTo(401);
    }

    @Test
    void anAdminsTimeZoneMovesTheTimesAndTheDaysForThatAdminOnly() {
        String admin = newAdmin();
        Http paris = Http.as(port, admin, PASSWORD);
        Contact bob = fixtures.contact("Bob", ConsoleFixtures.marker("Zoned"));
        // 23:30 UTC on the 12th is 00:30 on the 13th in Paris
        event(bob, "RESET_LINK_REQUESTED", admin, null, "2026-01-12T23:30:00Z");

        Response settings = paris.get("/admin/settings");
        assertThat(settings.status()).isEqualTo(200);
        assertThat(settings.body()).contains("<label for=\"zone\">Time zone</label>",
                "<option value=\"\" selected=\"selected\">Your browser&#39;s zone (else UTC)</option>",
                "<option value=\"Europe/Paris\">Europe/Paris</option>", "Time zone: UTC</a>");
        String csrf = settings.csrfToken();

        for (String bad : List.of("Mars/Olympus_Mons", "+02:00", "CET", "europe/paris", "x".repeat(5000))) {
            Response refused = paris.postForm("/admin/settings", Map.of("_csrf", csrf, "zone", bad));
            assertThat(refused.status()).as(bad).isEqualTo(400);
            assertThat(refused.body()).as(bad).contains("zone must be a time zone of the list");
        }
        assertThat(paris.get("/admin/settings").body()).as("nothing kept").contains("Time zone: UTC</a>");
        assertThat(paris.postForm("/admin/settings", Map.of("zone", "Europe/Paris")).status()).as("CSRF")
                .isEqualTo(403);

        Response saved = paris.postForm("/admin/settings", Map.of("_csrf", csrf, "zone", "Europe/Paris"));
        assertThat(saved.status()).isEqualTo(302);
        assertThat(BulkPagesTest.path(saved.header("Location"))).isEqualTo("/admin/settings");
        assertThat(paris.get("/admin/settings").body()).contains("Times are now shown in Europe/Paris.",
                "<option value=\"Europe/Paris\" selected=\"selected\">", "Time zone: Europe/Paris</a>");

        Response audit = paris.get("/admin/audit?admin=" + admin);
        assertThat(audit.body()).contains("<label for=\"from\">From (Europe/Paris)</label>",
                "datetime=\"2026-01-12T23:30:00Z\" title=\"2026-01-12 23:30:00 UTC\">2026-01-13 00:30 CET</time>");
        assertThat(actions(paris.get("/admin/audit?admin=" + admin + "&from=2026-01-13&to=2026-01-13")))
                .as("a day in Paris").containsExactly("reset-link-requested");
        assertThat(actions(demo.get("/admin/audit?admin=" + admin + "&from=2026-01-13&to=2026-01-13")))
                .as("the same day in UTC, for another admin").isEmpty();
        assertThat(paris.get("/admin/audit/export.csv?admin=" + admin).body())
                .startsWith("\uFEFF\"Time (Europe/Paris)\",\"Time (UTC)\"").contains("\"2026-01-13 00:30:00\"");
        assertThat(paris.get("/admin/contacts?q=" + bob.lastName()).body())
                .contains("Added from (Europe/Paris)", "title=\"" , "CET</time>");
        assertThat(demo.get("/admin/contacts?q=" + bob.lastName()).body()).contains("Added from (UTC)");

        assertThat(paris.postForm("/admin/settings", Map.of("_csrf", csrf, "zone", "")).status()).isEqualTo(302);
        assertThat(paris.get("/admin/settings").body()).contains(
                "Times are now shown in your browser&#39;s zone", "Time zone: UTC</a>");
    }

    /**
     * The browser's zone, which the console's script keeps in a cookie, counts for an admin who chose none; a choice
     * wins over it, and a cookie that is not a zone of the list is the default, never an error.
     */
    @Test
    void anAdminWhoChoseNoZoneSeesTheBrowsersZone() {
        String admin = newAdmin();
        Http tokyo = Http.as(port, admin, PASSWORD).withCookie("courier-tz", "Asia/Tokyo");
        Response settings = tokyo.get("/admin/settings");
        assertThat(settings.body()).contains("Time zone: Asia/Tokyo</a>", "(following your browser)",
                "<meta name=\"courier-time-zone\" content=\"browser\" data-zone=\"Asia/Tokyo\">");

        for (String odd : List.of("Mars/Olympus_Mons", "+09:00", "JST", "Etc/GMT-9", "x".repeat(3000), "%00")) {
            Response page = Http.as(port, admin, PASSWORD).withCookie("courier-tz", odd).get("/admin/settings");
            assertThat(page.status()).as(odd).isEqualTo(200);
            assertThat(page.body()).as(odd).contains("Time zone: UTC</a>");
        }

        String csrf = settings.csrfToken();
        assertThat(tokyo.postForm("/admin/settings", Map.of("_csrf", csrf, "zone", "Europe/Paris")).status())
                .isEqualTo(302);
        assertThat(tokyo.get("/admin/settings").body()).as("a choice wins over the browser")
                .contains("Time zone: Europe/Paris</a>", "content=\"chosen\"").doesNotContain("following your browser");
    }

    private void event(Contact contact, String type, String actor, String detail, String at) {
        jdbc.update("INSERT INTO contact_event (contact_id, event_type, actor, detail, occurred_at) VALUES (?, ?, ?, ?, ?)",
                contact.id(), type, actor, detail, Timestamp.from(Instant.parse(at)));
    }

    private String newAdmin() {
        String id = ConsoleFixtures.marker("zoned");
        var user = identity.newUser(id);
        user.setPassword(PASSWORD);
        identity.saveUser(user);
        identity.createMembership(id, "credential-admins");
        return id;
    }

    private static List<String> actions(Response page) {
        assertThat(page.status()).isEqualTo(200);
        List<String> actions = new ArrayList<>();
        Matcher matcher = LINE.matcher(page.body());
        while (matcher.find()) {
            actions.add(matcher.group(1));
        }
        return actions;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
