package org.credentialcourier.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.credentialcourier.contact.AccountStatus;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.contact.ContactRepository;
import org.credentialcourier.contact.ContactService;
import org.credentialcourier.contact.NewContact;
import org.credentialcourier.invitation.InvitationRepository;
import org.credentialcourier.support.CourierTest;
import org.credentialcourier.support.Http;
import org.credentialcourier.support.Http.Response;
import org.credentialcourier.support.Scenario;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The people directory {@code /admin/contacts} over HTTP: every contact (never invited ones too) searched forgiving
 * case and accents, each filter, the sort links that keep the filter, paging and its clamps, the counts per account,
 * the CSV export of the same filter with its defused cells, "Add a person", and what the pages refuse (a 400 page,
 * never a 500). Every test searches for a last name of its own: the database is shared by the whole suite.
 */
@CourierTest
class PeoplePageTest {

    private static final Pattern ROW = Pattern.compile("id=\"person-([0-9a-f-]{36})\"");

    private final int port;
    private final ConsoleFixtures fixtures;
    private final ContactService contacts;
    private final ContactRepository contactRows;
    private final InvitationRepository invitationRows;
    private final Clock clock;
    private final Http admin;

    @Autowired
    PeoplePageTest(@LocalServerPort int port, ProcessEngine engine, ConsoleFixtures fixtures, ContactService contacts,
                   ContactRepository contactRows, InvitationRepository invitationRows, Clock clock) {
        BpmnAwareTests.init(engine);
        this.port = port;
        this.fixtures = fixtures;
        this.contacts = contacts;
        this.contactRows = contactRows;
        this.invitationRows = invitationRows;
        this.clock = clock;
        this.admin = Http.as(port, "demo", "demo");
    }

    @Test
    void everyContactWithFiltersCountsAndAccentTolerantSearch() {
        String name = ConsoleFixtures.marker("People");
        Contact zoe = fixtures.contact("Zoë", name);
        Contact helene = contacts.create(new NewContact(Scenario.uniqueEmail("helene"), "Hélène", name, "fr"));
        Contact grace = fixtures.contact("Grace", name);
        fixtures.pending(grace);
        Contact barbara = fixtures.contact("Barbara", name);
        fixtures.failed(barbara);
        Contact edsger = fixtures.contact("Edsger", name);
        fixtures.expired(edsger);
        Contact frances = fixtures.contact("Frances", name);
        fixtures.cancelled(frances);
        Contact katherine = fixtures.contact("Katherine", name);
        fixtures.active(katherine);

        Response all = admin.get("/admin/contacts?q=" + name);
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.body()).contains("7 people matching \u201c" + name + "\u201d, newest first.",
                "never invited", "aria-current=\"page\">People</a>");
        assertThat(rows(all)).hasSize(7).startsWith(katherine.id()).endsWith(zoe.id());

        // no account: never invited, or the invitation ended without an account
        assertThat(rows(admin.get("/admin/contacts?account=none&q=" + name)))
                .containsExactlyInAnyOrder(zoe.id(), helene.id(), edsger.id(), frances.id());
        assertThat(rows(admin.get("/admin/contacts?account=active&q=" + name))).containsExactly(katherine.id());
        assertThat(rows(admin.get("/admin/contacts?invitation=pending&q=" + name))).containsExactly(grace.id());
        assertThat(rows(admin.get("/admin/contacts?invitation=failed&q=" + name))).containsExactly(barbara.id());
        assertThat(rows(admin.get("/admin/contacts?invitation=expired&q=" + name))).containsExactly(edsger.id());
        assertThat(rows(admin.get("/admin/contacts?invitation=cancelled&q=" + name))).containsExactly(frances.id());
        assertThat(rows(admin.get("/admin/contacts?language=fr&q=" + name))).containsExactly(helene.id());
        Response none = admin.get("/admin/contacts?account=none&q=" + name);
        assertThat(none.body()).as("the counts per account, for the rest of the filter")
                .contains(">Any (7)</option>", "selected=\"selected\">None (4)</option>", ">Active (1)</option>",
                        "4 people matching \u201c" + name + "\u201d, filtered, newest first.");

        // case and accents forgiven both ways; a look-alike letter from another script is another letter
        assertThat(rows(admin.get("/admin/contacts?q=" + encode("ZOE " + name)))).containsExactly(zoe.id());
        assertThat(rows(admin.get("/admin/contacts?q=" + encode("helene " + name)))).containsExactly(helene.id());
        assertThat(rows(admin.get("/admin/contacts?q=" + encode("HÉLÈNE " + name)))).containsExactly(helene.id());
        assertThat(rows(admin.get("/admin/contacts?q=" + encode("zo\u00eb " + name.toUpperCase()))))
                .containsExactly(zoe.id());
        Response cyrillic = admin.get("/admin/contacts?q=" + encode("Z\u043e\u00eb " + name));
        assertThat(cyrillic.status()).isEqualTo(200);
        assertThat(rows(cyrillic)).isEmpty();
        assertThat(cyrillic.body()).contains("Nobody matches.");
        assertThat(rows(admin.get("/admin/contacts?q=" + encode(grace.email().toUpperCase()))))
                .containsExactly(grace.id());
        assertThat(rows(admin.get("/admin/contacts?q=%25" + name))).as("%% is no wildcard").isEmpty();

        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        assertThat(rows(admin.get("/admin/contacts?q=" + name + "&from=" + today + "&to=" + today))).hasSize(7);
        assertThat(rows(admin.get("/admin/contacts?q=" + name + "&from=" + today.plusDays(1)))).isEmpty();
        assertThat(rows(admin.get("/admin/contacts?q=" + name + "&to=" + today.minusDays(1)))).isEmpty();
    }

    @Test
    void sortLinksKeepTheFilterAndPagesJump() {
        String name = ConsoleFixtures.marker("Sort");
        List<Contact> added = new ArrayList<>();
        for (String first : List.of("Carol", "Alice", "Bob")) {
            added.add(fixtures.contact(first, name));
        }
        Response byName = admin.get("/admin/contacts?q=" + name + "&account=none&sort=name&dir=asc");
        assertThat(rows(byName)).containsExactly(added.get(1).id(), added.get(2).id(), added.get(0).id());
        assertThat(byName.body()).contains("aria-sort=\"ascending\"", "by name A\u2013Z",
                // the name column sorts the other way, the email column ascending, each keeping the filter
                "href=\"/admin/contacts?q=" + name + "&amp;account=none&amp;sort=name&amp;dir=desc\"",
                "href=\"/admin/contacts?q=" + name + "&amp;account=none&amp;sort=email&amp;dir=asc\"",
                "href=\"/admin/contacts/export.csv?q=" + name + "&amp;account=none&amp;sort=name&amp;dir=asc\"",
                "<input type=\"hidden\" name=\"sort\" value=\"name\">");
        assertThat(rows(admin.get("/admin/contacts?q=" + name + "&sort=name&dir=desc")))
                .containsExactly(added.get(0).id(), added.get(2).id(), added.get(1).id());
        assertThat(rows(admin.get("/admin/contacts?q=" + name + "&sort=created")))
                .as("created without a direction: newest first").startsWith(added.get(2).id());
        for (String column : List.of("email", "language", "account", "invitation", "created")) {
            for (String dir : List.of("asc", "desc")) {
                assertThat(rows(admin.get("/admin/contacts?q=" + name + "&sort=" + column + "&dir=" + dir)))
                        .as("%s %s", column, dir).hasSize(3);
            }
        }

        String many = ConsoleFixtures.marker("Pages");
        for (int i = 0; i < 27; i++) {
            fixtures.contact("Person", many);
        }
        Response first = admin.get("/admin/contacts?q=" + many + "&sort=name&dir=asc");
        assertThat(rows(first)).hasSize(25);
        assertThat(first.body()).contains("27 people matching", "page 1 of 2",
                "href=\"/admin/contacts?q=" + many + "&amp;sort=name&amp;dir=asc&amp;page=2\" aria-label=\"Page 2\"",
                "aria-current=\"page\" aria-label=\"Page 1\"");
        Response second = admin.get("/admin/contacts?q=" + many + "&sort=name&dir=asc&page=2");
        assertThat(rows(second)).hasSize(2).doesNotContainAnyElementsOf(rows(first));
        assertThat(rows(admin.get("/admin/contacts?q=" + many + "&page=999999999"))).as("clamped to the last page")
                .hasSize(2);
        assertThat(rows(admin.get("/admin/contacts?q=" + many + "&page=-3"))).hasSize(25);
        Response fifty = admin.get("/admin/contacts?q=" + many + "&size=50");
        assertThat(rows(fifty)).hasSize(27);
        assertThat(fifty.body()).contains("<option value=\"50\" selected=\"selected\">50</option>")
                .doesNotContain("page 1 of");
    }

    @Test
    void hostileInputGetsA400PageNotA500() {
        for (String query : List.of("sort=password", "sort=name%3BDROP%20TABLE%20contact", "sort=c.id",
                "dir=sideways", "sort=name&dir=asc,desc", "size=7", "size=100000", "page=x", "account=root",
                "invitation=active", "language=de", "from=yesterday", "from=2026-02-30",
                "from=2026-03-02&to=2026-03-01", "q=" + "a".repeat(201), "q=%00",
                // a right-to-left override and a zero-width space: invisible in the box, refused
                "q=%E2%80%AEevil", "q=ad%E2%80%8Ba")) {
            Response page = admin.get("/admin/contacts?" + query);
            assertThat(page.status()).as(query).isEqualTo(400);
            assertThat(page.body()).as(query).contains("Bad request").doesNotContain("Exception", "at org.");
            if (!query.startsWith("size=") && !query.startsWith("page=")) {
                assertThat(admin.get("/admin/contacts/export.csv?" + query).status()).as("export " + query)
                        .isEqualTo(400);
            }
        }
        assertThat(admin.get("/admin/contacts?sort=password").body()).contains(
                "sort must be one of name, email, language, account, invitation, created.");

        Response huge = admin.get("/admin/contacts?q=" + "x".repeat(10_000));
        assertThat(huge.status()).as("a 10,000-character search").isBetween(400, 499);
        assertThat(huge.body()).doesNotContain("Exception");

        Response script = admin.get("/admin/contacts?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E");
        assertThat(script.status()).isEqualTo(200);
        assertThat(script.body()).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>");
        assertThat(admin.get("/admin/contacts?q=%27%20OR%201%3D1%20--").body()).contains("Nobody matches.");
        assertThat(Http.anonymous(port).get("/admin/contacts").status()).as("admins only").isEqualTo(401);
        assertThat(Http.anonymous(port).get("/admin/contacts/export.csv").status()).isEqualTo(401);
    }

    @Test
    void exportIsTheFilterAsDefusedUtf8CsvWithABom() {
        String name = ConsoleFixtures.marker("Export");
        Contact zoe = fixtures.contact("Zoë", name);
        Contact formula = contacts.create(new NewContact("=cmd" + UUID.randomUUID().toString().substring(0, 8)
                + "@example.org", "Ada", name, "en"));
        // written before today's rules, or by another tool: the export must defuse what the form would refuse
        Instant now = clock.instant();
        Map<String, String> hostile = new HashMap<>();
        for (String first : List.of("=HYPERLINK(\"http://evil.example\",\"x\")", "+SUM(1,2)", "-2+3", "@cmd",
                "\tTab", "\rReturn", "Quote \"Me\", Please\nNow")) {
            String id = UUID.randomUUID().toString();
            contactRows.insert(new Contact(id, Scenario.uniqueEmail("hostile"), first, name, "en",
                    AccountStatus.NONE, now, now));
            hostile.put(id, first);
        }
        fixtures.pending(fixtures.contact("Grace", name));

        Response csv = admin.get("/admin/contacts/export.csv?q=" + name + "&account=none&sort=name&dir=asc");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.header("Content-Type")).isEqualTo("text/csv;charset=UTF-8");
        assertThat(csv.header("Content-Disposition")).startsWith("attachment; filename=\"people-").endsWith(".csv\"");
        assertThat(csv.header("Cache-Control")).contains("no-store");
        assertThat(csv.raw().body().getBytes(StandardCharsets.UTF_8)).startsWith(0xEF, 0xBB, 0xBF);
        String body = csv.body();
        assertThat(body).startsWith("\uFEFF\"Id\",\"First name\",\"Last name\",\"Email\",\"Language\",\"Account\","
                + "\"Invitation\",\"Invited (UTC)\",\"Invitation expires or ended (UTC)\",\"Created (UTC)\"\r\n");
        assertThat(body).contains("\"" + zoe.id() + "\",\"Zoë\",\"" + name + "\",\"" + zoe.email() + "\",\"en\","
                + "\"none\",\"\",\"\",\"\",\"")
                .contains("\"'" + formula.email() + "\"")
                .contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"", "\"'+SUM(1,2)\"", "\"'-2+3\"",
                        "\"'@cmd\"", "\"'\tTab\"", "\"'\rReturn\"", "\"Quote \"\"Me\"\", Please\nNow\"")
                .doesNotContain("Grace")
                .doesNotContain(",\"=", ",\"+", ",\"-", ",\"@", ",\"\t", ",\"\r");
        // a header line, then one line per contact (a cell's own line break is inside its quotes)
        assertThat(body.split("\r\n", -1)).hasSize(1 + 9 + 1);

        Response everyone = admin.get("/admin/contacts/export.csv?q=" + name);
        assertThat(everyone.body()).contains("\"Grace\"", "\"invited\",\"pending\"");
    }

    @Test
    void addAPersonShowsProblemsByTheFieldsThenTheRecord() {
        Response form = admin.get("/admin/contacts/new");
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.body()).contains("<label for=\"firstName\">First name</label>", "<label for=\"invite\">");
        String csrf = form.csrfToken();
        String email = Scenario.uniqueEmail("added");

        Response refused = admin.postForm("/admin/contacts", Map.of("_csrf", csrf, "firstName", "",
                "lastName", "Lovelace<script>", "email", "not-an-address", "language", "de"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("Not added: correct what is marked below.",
                "id=\"firstName-problem\">First name is missing.",
                "id=\"lastName-problem\">Last name may contain only letters",
                "id=\"email-problem\">Email must be a well-formed email address.",
                "id=\"language-problem\">Language must be one of en, fr.",
                "value=\"Lovelace&lt;script&gt;\"", "value=\"not-an-address\"", "aria-invalid=\"true\"",
                "aria-describedby=\"email-problem\"");

        // look-alikes: a Cyrillic "а" in the address, a zero-width space in the name
        Response lookAlike = admin.postForm("/admin/contacts", Map.of("_csrf", csrf, "firstName", "A\u200Bda",
                "lastName", "Lovelace", "email", "\u0430da@example.org", "language", "en"));
        assertThat(lookAlike.status()).isEqualTo(400);
        assertThat(lookAlike.body()).contains("First name must not contain control or invisible characters.",
                "Email must be a well-formed email address.");
        assertThat(contacts.search("\u0430da@example.org", 0, 1)).isEmpty();

        Response added = admin.postForm("/admin/contacts", Map.of("_csrf", csrf, "firstName", " Ada ",
                "lastName", "Lovelace", "email", email, "language", "fr"));
        assertThat(added.status()).isEqualTo(302);
        Contact ada = contacts.search(email, 0, 1).get(0);
        assertThat(ada.firstName()).isEqualTo("Ada");
        assertThat(ada.locale()).isEqualTo("fr");
        assertThat(BulkPagesTest.path(added.header("Location"))).isEqualTo("/admin/contacts/" + ada.id());
        assertThat(admin.get("/admin/contacts/" + ada.id()).body()).contains("role=\"status\"",
                "Ada Lovelace was added. Press Invite to send the credentials.");
        assertThat(invitationRows.findOpenForContact(ada.id())).as("not invited unless asked").isEmpty();

        Response duplicate = admin.postForm("/admin/contacts", Map.of("_csrf", csrf, "firstName", "Augusta",
                "lastName", "King", "email", email.toUpperCase(), "language", "en"));
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.body()).contains("Another person has this email address already",
                "href=\"/admin/contacts/" + ada.id() + "\"", "value=\"Augusta\"");

        String invited = Scenario.uniqueEmail("invited");
        Response withInvitation = admin.postForm("/admin/contacts", Map.of("_csrf", csrf, "firstName", "Grace",
                "lastName", "Hopper", "email", invited, "language", "en", "invite", "true"));
        assertThat(withInvitation.status()).isEqualTo(302);
        Contact grace = contacts.search(invited, 0, 1).get(0);
        assertThat(invitationRows.findOpenForContact(grace.id())).isPresent();
        assertThat(admin.get("/admin/contacts/" + grace.id()).body())
                .contains("Grace Hopper was added. An invitation is on its way to " + invited + ".");

        assertThat(admin.postForm("/admin/contacts", Map.of("firstName", "No", "lastName", "Token", "email",
                Scenario.uniqueEmail("nocsrf"), "language", "en")).status()).as("CSRF protected").isEqualTo(403);
        assertThat(admin.get("/admin").header("Location")).as("the people directory is home")
                .endsWith("/admin/contacts");
    }

    private static List<String> rows(Response page) {
        List<String> ids = new ArrayList<>();
        Matcher matcher = ROW.matcher(page.body());
        while (matcher.find()) {
            ids.add(matcher.group(1));
        }
        return ids;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
