package org.credentialcourier.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.invitation.InvitationRepository;
import org.credentialcourier.invitation.InvitationStatus;
import org.credentialcourier.reset.PasswordResetRepository;
import org.credentialcourier.support.CourierTest;
import org.credentialcourier.support.Http;
import org.credentialcourier.support.Http.Response;
import org.credentialcourier.support.Tables;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The people directory's bulk actions over HTTP: ticked people start a bulk run at once, "all matching" sends the
 * filter and gets a dry run with its counts by reason before Confirm starts anything; resend and cancel act on each
 * person's latest invitation; a run's skipped rows export as defused CSV; and every refusal (nothing ticked, unknown
 * or malformed ids, a tampered filter, too many, an unknown action, no CSRF token) is a 4xx page naming the field that
 * starts nothing. Every test searches for a last name of its own: the database is shared by the whole suite.
 */
@CourierTest
class PeopleBulkPageTest {

    private final int port;
    private final Http admin;
    @Autowired ProcessEngine engine;
    @Autowired ConsoleFixtures fixtures;
    @Autowired InvitationRepository invitations;
    @Autowired DataSource dataSource;
    @Autowired PasswordResetRepository resets;

    private String csrf;

    PeopleBulkPageTest(@LocalServerPort int port) {
        this.port = port;
        this.admin = Http.as(port, "demo", "demo");
    }

    /** The token of the People page's forms, as a signed-in admin gets it. */
    @BeforeEach
    void csrfOfThePeoplePage() {
        BpmnAwareTests.init(engine);
        csrf = ConsoleFixtures.csrfOf(admin, "/admin/contacts");
    }

    @Test
    void tickedPeopleAreInvitedAtOnceAndTheRunListsAndExportsTheSkipped() {
        String name = ConsoleFixtures.marker("Ticked");
        List<Contact> people = fixtures.contacts(name, "Ada", "Grace", "Alan");
        Contact ada = people.get(0);
        Contact grace = people.get(1);
        fixtures.active(grace);

        Response list = admin.get("/admin/contacts?q=" + name);
        assertThat(list.body()).contains("<input type=\"checkbox\" name=\"ids\" value=\"" + ada.id() + "\"",
                "<label class=\"visually-hidden\" for=\"tick-" + ada.id() + "\">Select Ada " + name + "</label>",
                "<input type=\"hidden\" name=\"q\" value=\"" + name + "\">", "Select all 3 matching",
                "href=\"/admin/contacts?q=" + name + "&amp;select=page\"")
                .doesNotContain("id=\"tick-" + ada.id() + "\" checked");
        assertThat(admin.get("/admin/contacts?q=" + name + "&select=page").body())
                .contains("All <strong>3</strong> on this page are\n        selected", "id=\"untick-all\"")
                .contains("value=\"" + ada.id() + "\" id=\"tick-" + ada.id() + "\" checked=\"checked\"");

        Response started = post("/admin/contacts/bulk", "_csrf", csrf, "q", name, "scope", "selected",
                "action", "invite", "ids", ada.id(), "ids", grace.id());
        String progress = BulkPagesTest.path(started.header("Location"));
        String bulkId = runOf(started, false);
        assertThat(admin.get(progress).body()).contains(
                "Bulk run started: Invite 2 people: 1 will get an email, 1 skipped (already active: 1).",
                "href=\"/admin/bulk/" + bulkId + "/skipped.csv\"", grace.email());

        fixtures.runChunks(bulkId);
        assertThat(invitations.findOpenForContact(ada.id())).isPresent();
        assertThat(invitations.findOpenForContact(people.get(2).id())).as("not ticked").isEmpty();
        assertThat(admin.get(progress).body()).contains("<strong>1</strong> <span>invited</span>");

        Response csv = admin.get("/admin/bulk/" + bulkId + "/skipped.csv");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.header("Content-Type")).isEqualTo("text/csv;charset=UTF-8");
        assertThat(csv.header("Cache-Control")).contains("no-store");
        assertThat(csv.body()).startsWith("\uFEFF\"Row\",\"Address or id\",\"Contact id\",\"Invitation id\","
                + "\"Reason\",\"Field\",\"Detail\"\r\n")
                .contains("\"" + grace.email() + "\",\"" + grace.id() + "\"", "\"already-active\"")
                .doesNotContain(ada.email());
        assertThat(csv.body().split("\r\n")).hasSize(2);
        assertThat(admin.get("/admin/bulk/no-such-run/skipped.csv").status()).isEqualTo(404);
    }

    @Test
    void allMatchingIsADryRunWithCountsByReasonAndOnlyConfirmStartsIt() throws Exception {
        String name = ConsoleFixtures.marker("Matching");
        List<Contact> fresh = fixtures.contacts(name, "Ada", "Alan", "Barbara");
        fixtures.active(fixtures.contact("Grace", name));
        fixtures.pending(fixtures.contact("Edsger", name));
        var before = Tables.rowCounts(dataSource);

        Response dryRun = post("/admin/contacts/bulk", "_csrf", csrf, "q", name, "sort", "name", "dir", "asc",
                "size", "50", "scope", "matching", "action", "invite");
        assertThat(dryRun.status()).isEqualTo(200);
        assertThat(dryRun.body()).contains("<h1>Invite 5 people?</h1>",
                "Invite 5 people: 3 will get an email, 2 skipped (open invitation: 1, already active: 1).",
                "<button type=\"submit\" id=\"confirm\">Confirm</button>",
                "href=\"/admin/contacts?q=" + name + "&amp;sort=name&amp;dir=asc&amp;size=50\"",
                "<input type=\"hidden\" name=\"action\" value=\"invite\">",
                "<input type=\"hidden\" name=\"q\" value=\"" + name + "\">");
        assertThat(Tables.rowCounts(dataSource)).as("a dry run writes nothing").isEqualTo(before);

        // the filter narrows what "all matching" means: only those never invited
        Response narrowed = post("/admin/contacts/bulk", "_csrf", csrf, "q", name, "account", "none",
                "scope", "matching", "action", "invite");
        assertThat(narrowed.body()).contains("Invite 3 people: 3 will get an email.");

        Response confirmed = post("/admin/contacts/bulk/confirm", "_csrf", csrf, "q", name, "sort", "name",
                "dir", "asc", "size", "50", "action", "invite");
        String bulkId = runOf(confirmed, true);
        assertThat(fresh).allMatch(contact -> invitations.findOpenForContact(contact.id()).isPresent());
        assertThat(admin.get("/admin/bulk/" + bulkId).body()).contains("<strong>3</strong> <span>invited</span>",
                "<strong>2</strong> skipped");

        // and the same people again: everyone skipped, nothing to confirm
        Response again = post("/admin/contacts/bulk", "_csrf", csrf, "q", name, "scope", "matching",
                "action", "invite");
        assertThat(again.body()).contains("0 will get an email, 5 skipped (open invitation: 4, already active: 1)",
                "Nothing to do").doesNotContain("id=\"confirm\"");
    }

    @Test
    void resendAndCancelActOnEachPersonsLatestInvitation() {
        List<Contact> people = fixtures.contacts(ConsoleFixtures.marker("Latest"), "Edsger", "Grace", "Ada");
        String name = people.get(0).lastName();
        Contact expired = people.get(0);
        fixtures.expired(expired);
        Contact pending = people.get(1);
        String pendingInvitation = fixtures.pending(pending);
        Contact never = people.get(2);

        Response resend = post("/admin/contacts/bulk", "_csrf", csrf, "q", name, "scope", "matching",
                "action", "resend");
        assertThat(resend.body()).contains("Resend the invitation of 3 people: 2 will get a new email, 1 skipped"
                + " (never invited: 1).");

        Response cancel = post("/admin/contacts/bulk", "_csrf", csrf, "scope", "selected", "action", "cancel",
                "ids", pending.id(), "ids", expired.id(), "ids", never.id());
        String bulkId = runOf(cancel, true);
        assertThat(invitations.findById(pendingInvitation).orElseThrow().status())
                .isEqualTo(InvitationStatus.CANCELLED);
        assertThat(admin.get("/admin/bulk/" + bulkId).body()).contains("<strong>1</strong> <span>cancelled</span>",
                "<strong>2</strong> skipped", "The contact was never invited", "The invitation is not open");
    }

    @Test
    void resetLinksGoToActiveAccountsOnly() {
        String name = ConsoleFixtures.marker("Reset");
        List<Contact> people = fixtures.contacts(name, "Grace", "Ada", "Alan");
        Contact grace = people.get(0);
        fixtures.active(grace);
        fixtures.pending(people.get(2));

        Response dryRun = post("/admin/contacts/bulk", "_csrf", csrf, "q", name, "scope", "matching",
                "action", "reset-link");
        assertThat(dryRun.body()).contains("Send a reset link to 3 people: 1 will get an email, 2 skipped"
                + " (no active account: 2).", "The contact has no active account: a reset link needs one (none)",
                "a reset link needs one (invited)");

        String bulkId = runOf(post("/admin/contacts/bulk/confirm", "_csrf", csrf, "q", name, "action", "reset-link"),
                true);
        assertThat(resets.pendingForContact(grace.id())).hasSize(1)
                .allMatch(reset -> "demo".equals(reset.requestedBy()));
        assertThat(resets.pendingForContact(people.get(1).id())).isEmpty();
        assertThat(admin.get("/admin/bulk/" + bulkId).body()).contains("<h1>Bulk run: <span>reset-link</span>",
                "<strong>1</strong> <span>reset links sent</span>", "<strong>2</strong> skipped");
    }

    @Test
    void refusalsAreA4xxPageNamingTheFieldAndStartNothing() throws Exception {
        String name = ConsoleFixtures.marker("Refused");
        Contact ada = fixtures.contact("Ada", name);
        var before = Tables.rowCounts(dataSource);

        expectRefused(post("/admin/contacts/bulk", "_csrf", csrf, "scope", "selected", "action", "invite"),
                "ids tick at least one person, or choose all matching.");
        expectRefused(post("/admin/contacts/bulk", "_csrf", csrf, "scope", "selected", "action", "invite",
                "ids", ada.id(), "ids", UUID.randomUUID().toString()),
                "ids 1 ticked person does not exist (any more): reload the list; nothing was started.");
        expectRefused(post("/admin/contacts/bulk", "_csrf", csrf, "scope", "selected", "action", "invite",
                "ids", "' OR 1=1 --"), "ids must be contact ids.");
        String[] tooMany = new String[2 * 201 + 6];
        tooMany[0] = "_csrf";
        tooMany[1] = csrf;
        tooMany[2] = "scope";
        tooMany[3] = "selected";
        tooMany[4] = "action";
        tooMany[5] = "invite";
        for (int i = 0; i < 201; i++) {
            tooMany[6 + 2 * i] = "ids";
            tooMany[7 + 2 * i] = UUID.randomUUID().toString();
        }
        expectRefused(post("/admin/contacts/bulk", tooMany), "ids at most 200 ticked people");
        // a tampered filter, in the form or on the confirmation
        expectRefused(post("/admin/contacts/bulk", "_csrf", csrf, "q", name, "account", "root", "scope",
                "matching", "action", "invite"), "account must be one of none, invited, active");
        expectRefused(post("/admin/contacts/bulk/confirm", "_csrf", csrf, "q", name, "sort", "password",
                "action", "invite"), "sort must be one of");
        expectRefused(post("/admin/contacts/bulk/confirm", "_csrf", csrf, "q", "%", "from", "2026-03-02",
                "to", "2026-03-01", "action", "invite"), "to must not be before from.");
        expectRefused(post("/admin/contacts/bulk/confirm", "_csrf", csrf, "q", name + "nobody",
                "action", "invite"), "filter matches nobody: nothing to do.");
        expectRefused(post("/admin/contacts/bulk", "_csrf", csrf, "q", name, "scope", "everyone",
                "action", "invite"), "scope must be selected or matching.");
        expectRefused(post("/admin/contacts/bulk", "_csrf", csrf, "q", name, "scope", "matching",
                "action", "delete"), "action must be one of invite, resend, cancel, reset-link.");
        expectRefused(post("/admin/contacts/bulk/confirm", "_csrf", csrf, "q", name, "action", "import"),
                "action must be one of invite, resend, cancel, reset-link.");

        assertThat(post("/admin/contacts/bulk", "q", name, "scope", "selected", "action", "invite",
                "ids", ada.id()).status()).as("no CSRF token").isEqualTo(403);
        assertThat(post("/admin/contacts/bulk/confirm", "q", name, "action", "invite").status()).isEqualTo(403);
        assertThat(Http.anonymous(port).postForm("/admin/contacts/bulk/confirm", Map.of("q", name,
                "action", "invite")).status()).isBetween(401, 403);
        assertThat(Tables.rowCounts(dataSource)).as("nothing started").isEqualTo(before);
        assertThat(invitations.findOpenForContact(ada.id())).isEmpty();
    }

    /** The bulk run a form started (a redirect to its page), its chunks carried out if {@code run}. */
    private String runOf(Response started, boolean run) {
        assertThat(started.status()).isEqualTo(302);
        String progress = BulkPagesTest.path(started.header("Location"));
        assertThat(progress).startsWith("/admin/bulk/");
        String bulkId = progress.substring("/admin/bulk/".length());
        if (run) {
            fixtures.runChunks(bulkId);
        }
        return bulkId;
    }

    private static void expectRefused(Response page, String problem) {
        assertThat(page.status()).as(problem).isEqualTo(400);
        assertThat(page.body()).as(problem).contains("Bad request", problem).doesNotContain("Exception");
    }

    /** A form POST whose fields may repeat (the ticked ids): name, value, name, value, ... */
    private Response post(String path, String... pairs) {
        List<String> fields = new ArrayList<>();
        for (int i = 0; i < pairs.length; i += 2) {
            fields.add(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return admin.post(path, "application/x-www-form-urlencoded",
                BodyPublishers.ofString(fields.stream().collect(Collectors.joining("&"))));
    }
}
