package org.credentialcourier.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import javax.sql.DataSource;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.credentialcourier.bulk.BulkInvitationProcess;
import org.credentialcourier.bulk.BulkRun;
import org.credentialcourier.bulk.BulkService;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.contact.ContactRepository;
import org.credentialcourier.invitation.InvitationRepository;
import org.credentialcourier.support.CourierTest;
import org.credentialcourier.support.Http;
import org.credentialcourier.support.Http.Response;
import org.credentialcourier.support.Scenario;
import org.credentialcourier.support.Tables;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The bulk pages over HTTP: a CSV upload or pasted lines, previewed as a dry run (nothing written) or started, every
 * refusal of a file as a message on the page, a run's progress while its chunks run and once it has finished, and the
 * review link of process {@code bulk-invitation}. Chunks are 3 items in the tests; the tests run them.
 */
@CourierTest
class BulkPagesTest {

    @LocalServerPort int port;
    @Autowired ProcessEngine engine;
    @Autowired RuntimeService runtime;
    @Autowired Scenario scenario;
    @Autowired ContactRepository contacts;
    @Autowired InvitationRepository invitations;
    @Autowired BulkService bulks;
    @Autowired DataSource dataSource;
    @Autowired ConsoleFixtures fixtures;
    @Autowired org.credentialcourier.delivery.Suppressions suppressions;

    private Http admin;
    private String csrf;

    @BeforeEach
    void signIn() {
        BpmnAwareTests.init(engine);
        admin = Http.as(port, "demo", "demo");
        csrf = ConsoleFixtures.csrfOf(admin, "/admin/bulk");
    }

    @Test
    void aDryRunOfAFileWithABadRowShowsWhatWouldHappenAndWritesNothing() throws Exception {
        String good = Scenario.uniqueEmail("page.dry");
        var before = Tables.rowCounts(dataSource);

        Response preview = upload(csv(good + ",Grace,Hopper,en", "not-an-address,Alan,Turing,en"), "preview");

        assertThat(preview.status()).isEqualTo(200);
        assertThat(preview.body()).contains("Preview (dry run): nothing was written or sent",
                "<strong>2</strong> rows", "<strong>1</strong> <span>to invite</span>",
                "<strong>1</strong> skipped", "not-an-address", "Row 3: email must be a well-formed email address",
                "choose the file\n      <strong>contacts.csv</strong> again");
        assertThat(Tables.rowCounts(dataSource)).isEqualTo(before);
        assertThat(contacts.findByEmail(good)).isEmpty();
    }

    @Test
    void aDryRunShowsThePreSendChecksWarningsAndSkipsASuppressedRow() throws Exception {
        String typo = Scenario.uniqueEmail("page.typo").replace("@example.org", "@gmial.com");
        String blocked = Scenario.uniqueEmail("page.blocked");
        suppressions.suppress(blocked, "bounced", "5.1.1 no such mailbox", null);
        var before = Tables.rowCounts(dataSource);

        Response preview = upload(csv(typo + ",Grace,Hopper,en", blocked + ",Alan,Turing,en"), "preview");

        assertThat(preview.status()).isEqualTo(200);
        assertThat(preview.body()).contains("<strong>1</strong> <span>to invite</span>",
                "<strong>1</strong> skipped", "is on the suppression list since",
                "Warnings: these rows would still be sent", "Did you mean "
                        + typo.replace("@gmial.com", "@gmail.com") + "?");
        assertThat(Tables.rowCounts(dataSource)).isEqualTo(before);
    }

    @Test
    void startingAFileWithABadRowInvitesTheGoodOnesAndTheProgressPageFollowsTheRun() {
        String one = Scenario.uniqueEmail("page.one");
        String two = Scenario.uniqueEmail("page.two");
        Contact active = scenario.activeContact();

        Response started = upload(csv(one + ",Grace,Hopper,en", "not-an-address,Alan,Turing,en",
                two + ",Barbara,Liskov,fr", active.email() + ",Ada,Lovelace,en"), "start");

        assertThat(started.status()).isEqualTo(302);
        String progress = path(started.header("Location"));
        assertThat(progress).startsWith("/admin/bulk/");
        String bulkId = progress.substring("/admin/bulk/".length());
        Response running = admin.get(progress);
        assertThat(running.status()).isEqualTo(200);
        assertThat(running.body()).contains("Bulk run started: 4 rows, 2 to invite, 2 skipped.",
                "<meta http-equiv=\"refresh\" content=\"3\">", "<progress id=\"progress\" max=\"4\" value=\"2\">",
                "2 of 4 processed", "Stop reloading", "Row 3: email must be a well-formed email address",
                "already", "href=\"/admin/contacts/" + active.id() + "\"");

        runChunks(bulkId);

        Response finished = admin.get(progress);
        assertThat(finished.body()).contains("<progress id=\"progress\" max=\"4\" value=\"4\">", "4 of 4 processed",
                "finished", "<strong>2</strong> <span>invited</span>", "<strong>2</strong> <span>new contacts</span>")
                .doesNotContain("http-equiv=\"refresh\"", "Stop reloading");
        Contact created = contacts.findByEmail(one).orElseThrow();
        assertThat(invitations.findOpenForContact(created.id())).isPresent();
        assertThat(invitations.findOpenForContact(created.id()).orElseThrow().createdBy()).isEqualTo("demo");
        assertThat(contacts.findByEmail(two).orElseThrow().locale()).isEqualTo("fr");
        assertThat(admin.get("/admin/bulk").body()).contains("href=\"/admin/bulk/" + bulkId + "\"");
    }

    @Test
    void theReviewLinkOfTheProcessIsTheProgressPage() {
        Response started = upload(csv("still-not-an-address,Alan,Turing,en",
                Scenario.uniqueEmail("page.review") + ",Grace,Hopper,en"), "start");
        String bulkId = path(started.header("Location")).substring("/admin/bulk/".length());
        runChunks(bulkId);
        BulkRun run = bulks.get(bulkId);
        String link = (String) runtime.getVariable(run.processInstanceId(), BulkInvitationProcess.Vars.REVIEW_LINK);
        assertThat(link).isEqualTo("https://courier.example.test/admin/bulk/" + bulkId);

        Response review = admin.get(link.substring("https://courier.example.test".length()));
        assertThat(review.status()).isEqualTo(200);
        assertThat(review.body()).contains("A review task waits in Tasklist", "/camunda/app/tasklist/default/#/?task=",
                "/camunda/app/cockpit/default/#/process-instance/" + run.processInstanceId(),
                "still-not-an-address");
    }

    @Test
    void pastedLinesArePreviewedAndKeptInTheForm() {
        Contact existing = scenario.newContact();
        String lines = existing.email() + "\n" + Scenario.uniqueEmail("paste.new") + ",Katherine,Johnson\nbad line";

        Response preview = new Multipart().field("_csrf", csrf).field("lines", lines)
                .field("mode", "preview").postTo(admin, "/admin/bulk");

        assertThat(preview.status()).isEqualTo(200);
        assertThat(preview.body()).contains("<strong>3</strong> rows", "<strong>1</strong> skipped", "bad line",
                ">" + existing.email() + "\n");
        assertThat(invitations.findOpenForContact(existing.id())).isEmpty();
    }

    @Test
    void aFileTheImportCannotReadIsRefusedWholeWithAMessage() throws Exception {
        var before = Tables.rowCounts(dataSource);

        Response none = new Multipart().field("_csrf", csrf).field("mode", "preview").postTo(admin, "/admin/bulk");
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.body()).contains("role=\"alert\"", "Choose a CSV file or paste addresses, one per line.");

        Response both = new Multipart().field("_csrf", csrf).field("lines", "a@example.org")
                .file("file", "contacts.csv", "text/csv", csv("b@example.org,B,B,en")).field("mode", "start")
                .postTo(admin, "/admin/bulk");
        assertThat(both.status()).isEqualTo(400);
        assertThat(both.body()).contains("Give a CSV file or pasted lines, not both.");

        Response noHeader = uploadBytes("email,lastName\r\nx@example.org,X\r\n".getBytes(StandardCharsets.UTF_8),
                "start");
        assertThat(noHeader.status()).isEqualTo(400);
        assertThat(noHeader.body()).contains("The header line has no column firstName");

        Response latin1 = uploadBytes("email,firstName,lastName\nren\u00e9e@example.org,Ren\u00e9e,D\n"
                .getBytes(StandardCharsets.ISO_8859_1), "start");
        assertThat(latin1.status()).isEqualTo(400);
        assertThat(latin1.body()).contains("The file is not valid UTF-8: save it as CSV UTF-8. Nothing was imported.");

        Response unclosed = uploadBytes("email,firstName,lastName\n\"x@example.org,X,Y\n".getBytes(StandardCharsets.UTF_8),
                "preview");
        assertThat(unclosed.status()).isEqualTo(400);

        byte[] large = new byte[1024 * 1024 + 1];
        Arrays.fill(large, (byte) 'a');
        Response tooLarge = uploadBytes(large, "start");
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.body()).contains("The file is larger than 1048576 bytes: split it into several imports.");

        assertThat(Tables.rowCounts(dataSource)).isEqualTo(before);
    }

    @Test
    void anUnknownRunGetsANotFoundPageAndReloadingCanBeTurnedOff() {
        Response unknown = admin.get("/admin/bulk/no-such-run");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body()).contains("There is no bulk run with this id");

        Response started = upload(csv(Scenario.uniqueEmail("page.still") + ",Grace,Hopper,en"), "start");
        Response still = admin.get(path(started.header("Location")) + "?refresh=off");
        assertThat(still.body()).doesNotContain("http-equiv=\"refresh\"").contains("Automatic reloading is off.");
    }

    @Test
    void startingNeedsTheCsrfToken() throws Exception {
        var before = Tables.rowCounts(dataSource);
        Response refused = new Multipart().file("file", "contacts.csv", "text/csv",
                csv(Scenario.uniqueEmail("csrf") + ",A,B,en")).field("mode", "start").postTo(admin, "/admin/bulk");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(Tables.rowCounts(dataSource)).isEqualTo(before);
    }

    private Response upload(byte[] file, String mode) {
        return uploadBytes(file, mode);
    }

    private Response uploadBytes(byte[] file, String mode) {
        return new Multipart().field("_csrf", csrf).file("file", "contacts.csv", "text/csv", file)
                .field("mode", mode).postTo(admin, "/admin/bulk");
    }

    private static byte[] csv(String... rows) {
        return ("email,firstName,lastName,locale\r\n" + String.join("\r\n", rows) + "\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private void runChunks(String bulkId) {
        fixtures.runChunks(bulkId);
    }

    /** The path of a redirect's {@code Location} (Tomcat makes it absolute). */
    static String path(String location) {
        return java.net.URI.create(location).getRawPath();
    }
}
