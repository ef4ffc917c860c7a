package org.credentialcourier.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.invitation.InvitationProcess;
import org.credentialcourier.invitation.InvitationService;
import org.credentialcourier.invitation.InvitationStatus;
import org.credentialcourier.support.CourierTest;
import org.credentialcourier.support.Http;
import org.credentialcourier.support.Http.Response;
import org.credentialcourier.support.Scenario;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The invitations list {@code /admin/invitations} over HTTP: tabs with counts, search, paging, the links of each row,
 * ticked rows resent or cancelled with the outcome as a message, a whole tab through a previewed bulk run, and what
 * it refuses. Every test searches for a last name of its own: the database is shared by the whole suite.
 */
@CourierTest
class InvitationsPageTest {

    private static final Pattern TAB = Pattern.compile(
            "id=\"tab-(\\w+)\"[^>]*><span>\\w+</span>\\s*<span class=\"count\">(\\d+)</span>");

    @LocalServerPort int port;
    @Autowired ProcessEngine engine;
    @Autowired RuntimeService runtime;
    @Autowired ConsoleFixtures fixtures;
    @Autowired InvitationService invitations;
    @Autowired Scenario scenario;

    private Http admin;

    @BeforeEach
    void signIn() {
        BpmnAwareTests.init(engine);
        admin = Http.as(port, "demo", "demo");
    }

    @Test
    void tabsCountEachStatusForTheSearchAndFilterTheRows() {
        String name = ConsoleFixtures.marker("Tabs");
        Contact pendingOne = fixtures.contact("Grace", name);
        String pending = fixtures.pending(pendingOne);
        fixtures.pending(fixtures.contact("Alan", name));
        String failed = fixtures.failed(fixtures.contact("Barbara", name));
        fixtures.active(fixtures.contact("Katherine", name));
        fixtures.expired(fixtures.contact("Edsger", name));
        fixtures.cancelled(fixtures.contact("Frances", name));

        Response all = admin.get("/admin/invitations?q=" + name);
        assertThat(all.status()).isEqualTo(200);
        assertThat(counts(all)).containsExactly("all 6", "pending 2", "failed 1", "bounced 0", "active 1",
                "expired 1", "cancelled 1");
        assertThat(all.body()).contains("aria-current=\"page\" id=\"tab-all\"",
                "6 invitations matching \u201c" + name + "\u201d, newest first.", "Grace " + name,
                "Frances " + name);

        Response onlyFailed = admin.get("/admin/invitations?status=failed&q=" + name);
        assertThat(onlyFailed.body()).contains("href=\"/admin/invitations?status=failed&amp;q=" + name
                + "\" aria-current=\"page\"", "Barbara " + name, "1 failed invitation matching")
                .doesNotContain("Grace " + name, "Frances " + name);
        String processOfFailed = runtime.createProcessInstanceQuery().variableValueEquals("invitationId", failed)
                .processDefinitionKey(InvitationProcess.PROCESS_KEY).singleResult().getId();
        assertThat(onlyFailed.body()).contains("/camunda/app/cockpit/default/#/process-instance/" + processOfFailed);

        Response byEmail = admin.get("/admin/invitations?q=" + pendingOne.email().toUpperCase());
        assertThat(counts(byEmail)).contains("all 1", "pending 1");
        assertThat(byEmail.body()).contains("href=\"/admin/contacts/" + pendingOne.id() + "\"",
                "id=\"select-" + pending + "\"", "<label class=\"visually-hidden\" for=\"select-" + pending + "\"");
        assertThat(counts(admin.get("/admin/invitations?q=grace+" + name))).as("first and last name")
                .contains("all 1");
        assertThat(counts(admin.get("/admin/invitations?q=%25" + name))).as("% is no wildcard").contains("all 0");
    }

    @Test
    void tickedRowsAreResentOrCancelledEachOnItsOwnWithWhatWasSkipped() {
        String name = ConsoleFixtures.marker("Ticks");
        String pending = fixtures.pending(fixtures.contact("Grace", name));
        String failed = fixtures.failed(fixtures.contact("Barbara", name));
        String active = fixtures.active(fixtures.contact("Katherine", name));
        String cancelled = fixtures.cancelled(fixtures.contact("Frances", name));
        Response page = admin.get("/admin/invitations?status=&q=" + name);

        Response resent = admin.post("/admin/invitations/actions", "application/x-www-form-urlencoded",
                java.net.http.HttpRequest.BodyPublishers.ofString(form(page.csrfToken(), "resend", name,
                        pending, active, cancelled)));
        assertThat(resent.status()).isEqualTo(302);
        assertThat(BulkPagesTest.path(resent.header("Location"))).isEqualTo("/admin/invitations");
        assertThat(resent.header("Location")).endsWith("?q=" + name);
        Response after = admin.get("/admin/invitations?q=" + name);
        assertThat(after.body()).contains("role=\"status\"", "1 resent; 2 skipped: 1 already active, 1 cancelled.",
                "Katherine".toLowerCase());
        assertThat(invitations.get(pending).status()).isEqualTo(InvitationStatus.PENDING);
        assertThat(invitations.get(active).status()).isEqualTo(InvitationStatus.ACTIVE);

        admin.post("/admin/invitations/actions", "application/x-www-form-urlencoded",
                java.net.http.HttpRequest.BodyPublishers.ofString(form(page.csrfToken(), "cancel", name,
                        pending, failed)));
        assertThat(admin.get("/admin/invitations?q=" + name).body()).contains("2 cancelled.");
        assertThat(invitations.get(pending).status()).isEqualTo(InvitationStatus.CANCELLED);
        assertThat(invitations.get(failed).status()).isEqualTo(InvitationStatus.CANCELLED);

        admin.post("/admin/invitations/actions", "application/x-www-form-urlencoded",
                java.net.http.HttpRequest.BodyPublishers.ofString(form(page.csrfToken(), "cancel", name,
                        pending, "no-such-invitation")));
        assertThat(admin.get("/admin/invitations?q=" + name).body())
                .contains("0 cancelled; 2 skipped: 1 already cancelled, 1 not found.");

        admin.postForm("/admin/invitations/actions", Map.of("_csrf", page.csrfToken(), "action", "resend"));
        assertThat(admin.get("/admin/invitations").body()).contains("role=\"alert\"",
                "Tick at least one invitation, then choose Resend or Cancel.");
        assertThat(admin.postForm("/admin/invitations/actions", Map.of("action", "resend", "ids", pending)).status())
                .as("CSRF protected").isEqualTo(403);
    }

    @Test
    void aWholeTabIsPreviewedThenStartedAsABulkRun() {
        String name = ConsoleFixtures.marker("Whole");
        String one = fixtures.expired(fixtures.contact("Grace", name));
        Contact second = fixtures.contact("Alan", name);
        String two = fixtures.expired(second);
        // the second contact was invited again meanwhile: its expired invitation is skipped
        fixtures.pending(second);

        Response tab = admin.get("/admin/invitations?status=expired&q=" + name);
        assertThat(tab.body()).contains("Resend all 2 expired matching \u201c" + name + "\u201d\u2026",
                "href=\"/admin/invitations/bulk?action=resend&amp;status=expired&amp;q=" + name + "\"")
                .doesNotContain("Cancel all");

        Response preview = admin.get("/admin/invitations/bulk?action=resend&status=expired&q=" + name);
        assertThat(preview.status()).isEqualTo(200);
        assertThat(preview.body()).contains("Preview (dry run): nothing was changed yet", "<strong>2</strong> invitations",
                "<strong>1</strong> <span>to resend</span>", "The contact has a newer invitation", "Start: resend 1");
        assertThat(invitations.get(one).status()).isEqualTo(InvitationStatus.EXPIRED);

        Response started = admin.postForm("/admin/invitations/bulk", Map.of("_csrf", preview.csrfToken(),
                "action", "resend", "status", "expired", "q", name));
        assertThat(started.status()).isEqualTo(302);
        String progress = BulkPagesTest.path(started.header("Location"));
        assertThat(progress).startsWith("/admin/bulk/");
        fixtures.runChunks(progress.substring("/admin/bulk/".length()));
        assertThat(invitations.get(one).status()).isEqualTo(InvitationStatus.PENDING);
        assertThat(invitations.get(two).status()).isEqualTo(InvitationStatus.EXPIRED);
        assertThat(admin.get(progress).body()).contains("<strong>1</strong> <span>resent</span>",
                "The contact has a newer invitation");

        Response cancelTab = admin.get("/admin/invitations?status=pending&q=" + name);
        assertThat(cancelTab.body()).contains("Cancel all 2 pending matching").doesNotContain("Resend all");
        assertThat(admin.get("/admin/invitations/bulk?action=cancel&status=active").status()).isEqualTo(400);
    }

    @Test
    void pagesOfTwentyFive() {
        String name = ConsoleFixtures.marker("Pages");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < InvitationsPageController.PAGE_SIZE + 1; i++) {
            ids.add(scenario.idOf(scenario.invite(fixtures.contact("P" + (char) ('a' + i % 26), name))));
        }
        Response first = admin.get("/admin/invitations?q=" + name);
        assertThat(first.body()).contains("Page 1 of 2", "Next page", "rel=\"next\"").doesNotContain("Previous page");
        assertThat(rows(first)).hasSize(25);
        Response second = admin.get("/admin/invitations?q=" + name + "&page=1");
        assertThat(rows(second)).containsExactly(ids.get(0));
        assertThat(second.body()).contains("Page 2 of 2", "Previous page");
        assertThat(rows(admin.get("/admin/invitations?q=" + name + "&page=99"))).as("past the end: the last page")
                .containsExactly(ids.get(0));
    }

    @Test
    void badParametersGetAPageNotAStackTrace() {
        Response status = admin.get("/admin/invitations?status=lost");
        assertThat(status.status()).isEqualTo(400);
        assertThat(status.body()).contains("status must be one of pending, failed, active, expired, cancelled")
                .doesNotContain("Exception");
        assertThat(admin.get("/admin/invitations?page=x").status()).isEqualTo(400);
        assertThat(admin.get("/admin/invitations?q=" + "a".repeat(201)).status()).isEqualTo(400);
        Response hostile = admin.get("/admin/invitations?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E");
        assertThat(hostile.status()).isEqualTo(200);
        assertThat(hostile.body()).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>");
        assertThat(admin.get("/admin").header("Location")).as("the people directory is home").endsWith("/admin/contacts");
    }

    private static List<String> counts(Response page) {
        List<String> counts = new ArrayList<>();
        Matcher matcher = TAB.matcher(page.body());
        while (matcher.find()) {
            counts.add(matcher.group(1) + " " + matcher.group(2));
        }
        return counts;
    }

    private static List<String> rows(Response page) {
        List<String> rows = new ArrayList<>();
        Matcher matcher = Pattern.compile("<tr id=\"row-([^\"]+)\"").matcher(page.body());
        while (matcher.find()) {
            rows.add(matcher.group(1));
        }
        return rows;
    }

    private static String form(String csrf, String action, String q, String... ids) {
        StringBuilder form = new StringBuilder("_csrf=" + csrf + "&action=" + action + "&status=&q=" + q + "&page=0");
        for (String id : ids) {
            form.append("&ids=").append(id);
        }
        return form.toString();
    }
}
