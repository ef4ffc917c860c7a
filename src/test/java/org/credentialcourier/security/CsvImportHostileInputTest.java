package org.credentialcourier.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.internet.MimeMessage;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Hostile and malformed CSV imports and bulk requests ({@code docs/SECURITY.md}, section "Bulk and CSV import"). A
 * malformed file is refused whole with 400/413/415 and Problem Details naming the body, the header or the parameter,
 * and writes nothing; a hostile row is skipped with its row and field, and never blocks the good rows; what is accepted
 * (a name {@code ${7*7}}, {@code <script>}, a spreadsheet formula) is stored and shown literally, never evaluated.
 */
@CourierTest
class CsvImportHostileInputTest {

    private static final String HEADER = "email,firstName,lastName,locale\n";

    @LocalServerPort int port;
    @Autowired DataSource dataSource;
    @Autowired ContactRepository contacts;
    @Autowired InvitationRepository invitations;
    @Autowired RuntimeService runtime;
    @Autowired ManagementService management;
    @Autowired Scenario scenario;

    private Http admin;

    @BeforeEach
    void signIn() {
        admin = Http.as(port, "demo", "demo");
    }

    /** Files refused whole: the status, the field the problem names, and nothing written. */
    static Stream<Arguments> refusedFiles() {
        byte[] overlong = {'e', 'm', 'a', 'i', 'l', (byte) 0xC0, (byte) 0xAE, '\n'};
        byte[] surrogate = {'e', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '\n'};
        byte[] utf16 = "email,firstName,lastName\n".getBytes(StandardCharsets.UTF_16);
        byte[] latin1 = (HEADER + "rene@example.org,Ren\u00e9,D,fr\n").getBytes(StandardCharsets.ISO_8859_1);
        return Stream.of(
                Arguments.of("empty file", "text/csv", new byte[0], 400, "body"),
                Arguments.of("blank lines only", "text/csv", bytes("\n\n\r\n"), 400, "body"),
                Arguments.of("header only", "text/csv", bytes(HEADER), 400, "contacts"),
                Arguments.of("no email column", "text/csv", bytes("mail,firstName,lastName\na@b.c,A,B\n"), 400,
                        "header"),
                Arguments.of("no lastName column", "text/csv", bytes("email,firstName\na@b.c,A\n"), 400, "header"),
                Arguments.of("header is a data row", "text/csv", bytes("a@b.c,A,B,en\n"), 400, "header"),
                Arguments.of("unclosed quote", "text/csv", bytes(HEADER + "\"a@b.c,A,B,en\n"), 400, "body"),
                Arguments.of("overlong UTF-8 encoding", "text/csv", overlong, 400, "body"),
                Arguments.of("encoded surrogate", "text/csv", surrogate, 400, "body"),
                Arguments.of("UTF-16 file", "text/csv", utf16, 400, "body"),
                Arguments.of("Latin-1 file", "text/csv", latin1, 400, "body"),
                Arguments.of("larger than the limit", "text/csv", new byte[1024 * 1024 + 1], 413, "body"),
                Arguments.of("JSON content type", "application/json", bytes("{\"email\":\"a@b.c\"}"), 415, null),
                Arguments.of("XML content type", "application/xml", bytes("<contacts/>"), 415, null),
                // refused for its type before the body is parsed: no /api endpoint takes multipart (issue 13, case 3)
                Arguments.of("malformed multipart", "multipart/form-data; boundary=x",
                        bytes("--x\r\n\r\na\r\n--x--\r\n"), 415, null),
                Arguments.of("well-formed multipart", "multipart/form-data; boundary=x", bytes(
                        "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"c.csv\"\r\n"
                                + "Content-Type: text/csv\r\n\r\n" + HEADER + "\r\n--x--\r\n"), 415, null),
                Arguments.of("no content type", null, bytes(HEADER), 415, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedFiles")
    void malformedFilesAreRefusedWholeAndWriteNothing(String name, String contentType, byte[] body, int status,
                                                      String field) throws Exception {
        var before = Tables.rowCounts(dataSource);

        Response response = contentType == null
                ? admin.post("/api/contacts/import?invite=true", null, BodyPublishers.ofByteArray(body))
                : admin.post("/api/contacts/import?invite=true", contentType, BodyPublishers.ofByteArray(body));

        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        if (field != null) {
            assertThat(response.json().get("field").asText()).isEqualTo(field);
        }
        assertThat(response.body()).doesNotContain("Exception", "at org.");
        assertThat(Tables.rowCounts(dataSource)).isEqualTo(before);
    }

    /** Rows skipped on their own, each naming its row and field; a dry run, so nothing is written. */
    static Stream<Arguments> hostileRows() {
        return Stream.of(
                Arguments.of("CR LF inside a quoted name", "a1@example.org,\"Ada\r\nBcc: x@evil.example\",L,en",
                        "firstName"),
                Arguments.of("NUL in a name", "a2@example.org,Ada\u0000,L,en", "firstName"),
                Arguments.of("right-to-left override in a name", "a3@example.org,Ada\u202Egnp.exe,L,en",
                        "firstName"),
                Arguments.of("line separator in a name", "a4@example.org,Ada\u2028X,L,en", "firstName"),
                Arguments.of("header injection in the address", "\"a5@example.org\r\nBcc: x@evil.example\",A,L,en",
                        "email"),
                Arguments.of("display name in the address", "Ada <a6@example.org>,A,L,en", "email"),
                Arguments.of("two addresses", "a7@example.org;b@example.org,A,L,en", "email"),
                Arguments.of("SQL in the address", "'; DROP TABLE contact;--@example.org,A,L,en", "email"),
                Arguments.of("address without a domain", "root@localhost,A,L,en", "email"),
                Arguments.of("address too long", "x".repeat(250) + "@example.org,A,L,en", "email"),
                Arguments.of("name too long", "a8@example.org," + "x".repeat(101) + ",L,en", "firstName"),
                Arguments.of("blank last name", "a9@example.org,Ada,   ,en", "lastName"),
                Arguments.of("missing fields", "a10@example.org", "firstName"),
                Arguments.of("unknown locale", "a11@example.org,Ada,L,de", "locale"),
                Arguments.of("locale with SQL", "a12@example.org,Ada,L,en' OR '1'='1", "locale"),
                Arguments.of("locale with a path", "a13@example.org,Ada,L,../../etc/passwd", "locale"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileRows")
    void hostileRowsAreSkippedNamingRowAndFieldWhileTheGoodRowPasses(String name, String row, String field)
            throws Exception {
        String good = Scenario.uniqueEmail("good");
        var before = Tables.rowCounts(dataSource);

        Response preview = importCsv(HEADER + good + ",Grace,Hopper,en\n" + row + "\n", true);

        assertThat(preview.status()).as(preview.body()).isEqualTo(200);
        JsonNode run = preview.json();
        assertThat(run.get("invited").asInt()).isEqualTo(1);
        assertThat(run.get("skipped").asInt()).isEqualTo(1);
        JsonNode skipped = run.get("skippedItems").get(0);
        assertThat(skipped.get("row").asInt()).isEqualTo(3);
        assertThat(skipped.get("field").asText()).isEqualTo(field);
        assertThat(skipped.get("reason").asText()).isEqualTo("invalid-row");
        assertThat(skipped.get("detail").asText()).startsWith("Row 3: " + field);
        assertThat(preview.body()).doesNotContain("\u0000", "\u202E", "\r\nBcc");
        assertThat(Tables.rowCounts(dataSource)).isEqualTo(before);
    }

    @Test
    void duplicatedRowsAreSkippedAfterTheFirstWhateverTheirCase() {
        String email = Scenario.uniqueEmail("dup");
        JsonNode run = importCsv(HEADER + email + ",A,One,en\n" + email.toUpperCase() + ",A,Two,en\n"
                + " " + email + " ,A,Three,en\n", true).json();

        assertThat(run.get("invited").asInt()).isEqualTo(1);
        assertThat(run.get("skippedItems")).extracting(item -> item.get("reason").asText())
                .containsExactly("duplicate", "duplicate");
        assertThat(run.get("skippedItems").get(1).get("detail").asText()).contains("row 2");
    }

    /**
     * Names that look like code (markup, expressions, spreadsheet formulas) break the name rule (issue 13, case 17):
     * each row is skipped naming its row and field, the good row passes, nothing is evaluated and nothing written for
     * the bad rows. That names already stored are escaped in mails is {@code HostileInputTest}'s.
     */
    @Test
    void namesThatLookLikeCodeAreSkippedNeverEvaluated() throws Exception {
        String good = Scenario.uniqueEmail("good");
        String script = Scenario.uniqueEmail("script");
        String el = Scenario.uniqueEmail("el");
        String formula = Scenario.uniqueEmail("formula");
        String csv = "\uFEFF" + HEADER
                + good + ",Grace,Hopper,en\n"
                + script + ",\"<script>alert(1)</script>\",\"<img src=x onerror=alert(2)>\",en\n"
                + el + ",${7*7},#{7*7},en\n"
                + formula + ",\"=HYPERLINK(\"\"http://evil.example\"\")\",+cmd|' /C calc'!A0,en\n";

        Response started = importCsv(csv, false);
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        runBulk(started.json().get("id").asText());

        JsonNode run = admin.get("/api/bulk/" + started.json().get("id").asText()).json();
        assertThat(run.get("skipped").asInt()).as(run.toString()).isEqualTo(3);
        assertThat(run.get("skippedItems"))
                .extracting(item -> item.get("row").asInt() + " " + item.get("field").asText())
                .containsExactly("3 firstName", "4 firstName", "5 firstName");
        assertThat(run.get("skippedItems")).extracting(item -> item.get("detail").asText())
                .allSatisfy(detail -> assertThat(detail).doesNotContain("49", "<script>", "${", "HYPERLINK"));
        assertThat(contacts.findByEmail(good)).isPresent();
        assertThat(contacts.findByEmail(script)).isEmpty();
        assertThat(contacts.findByEmail(el)).isEmpty();
        assertThat(contacts.findByEmail(formula)).isEmpty();
    }

    @Test
    void bulkRequestsWithHostileIdsAndParametersAreRefusedOrSkipped() throws Exception {
        var before = Tables.rowCounts(dataSource);

        assertProblem(admin.postJson("/api/invitations/bulk", Map.of("contactIds", List.of("a\u0000b"))), 400,
                "contactIds[0]");
        assertProblem(admin.postJson("/api/invitations/bulk", Map.of("contactIds", List.of("x".repeat(37)))), 400,
                "contactIds[0]");
        assertProblem(admin.postJson("/api/invitations/bulk", Map.of("filter", Map.of("accountStatus", "root"))),
                400, null);
        assertProblem(admin.postJson("/api/invitations/bulk", Map.of("filter", Map.of("q", "a\r\nb"))), 400,
                "filter.q");
        assertProblem(admin.postJson("/api/invitations/resend", Map.of("status", "'; DROP TABLE invitation;--")),
                400, null);
        assertProblem(admin.postJson("/api/invitations/bulk?dryRun=maybe", Map.of("contactIds", List.of("x"))),
                400, "dryRun");
        assertProblem(admin.post("/api/contacts/import?invite=sometimes", "text/csv",
                BodyPublishers.ofString(HEADER)), 400, "invite");
        assertProblem(admin.get("/api/bulk/x/items?page=-1"), 400, null);
        assertProblem(admin.get("/api/bulk/x/items?size=100000"), 400, null);
        assertProblem(admin.get("/api/bulk/x/items?outcome=everything"), 400, "outcome");
        // an encoded slash is refused by Tomcat before the application runs (its own small page, no stack trace)
        Response slash = admin.get("/api/bulk/..%2F..%2Fetc");
        assertThat(slash.status()).isEqualTo(400);
        assertThat(slash.body()).doesNotContain("Exception", "at org.");
        assertProblem(admin.get("/api/bulk/%27%20OR%20%271%27%3D%271"), 404, null);
        JsonNode sqlIds = admin.postJson("/api/invitations/bulk?dryRun=true",
                Map.of("contactIds", List.of("' OR '1'='1", "%", "*"))).json();
        assertThat(sqlIds.get("invited").asInt()).isZero();
        assertThat(sqlIds.get("skippedItems")).extracting(item -> item.get("reason").asText())
                .containsOnly("unknown-contact");
        JsonNode wildcard = admin.postJson("/api/invitations/bulk?dryRun=true",
                Map.of("filter", Map.of("q", "%_%' OR 1=1 --"))).json();
        assertThat(wildcard.get("total").asInt()).isZero();

        assertThat(Tables.rowCounts(dataSource)).isEqualTo(before);
    }

    // ----

    private Response importCsv(String csv, boolean dryRun) {
        return admin.post("/api/contacts/import?invite=true" + (dryRun ? "&dryRun=true" : ""),
                "text/csv; charset=utf-8", BodyPublishers.ofString(csv));
    }

    private void runBulk(String bulkId) {
        var instance = runtime.createProcessInstanceQuery().variableValueEquals("bulkId", bulkId).singleResult();
        List<Job> jobs;
        while (!(jobs = management.createJobQuery().processInstanceId(instance.getId()).list()).isEmpty()) {
            management.executeJob(jobs.get(0).getId());
        }
    }

    private void deliver(Contact contact) {
        var invitation = scenario.instanceOf(invitations.findOpenForContact(contact.id()).orElseThrow().id());
        scenario.runDeliveryJob(scenario.delivery(invitation));
    }

    private static void assertProblem(Response response, int status, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        if (field != null) {
            assertThat(response.json().get("field").asText()).as(response.body()).isEqualTo(field);
        }
        assertThat(response.body()).doesNotContain("Exception", "at org.");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
