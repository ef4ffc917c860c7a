package org.credentialcourier.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpRequest.BodyPublishers;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.sql.DataSource;

import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RepositoryService;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.invitation.InvitationProcess;
import org.credentialcourier.password.PasswordChangeProcess;
import org.credentialcourier.reset.PasswordResetProcess;
import org.credentialcourier.support.CourierTest;
import org.credentialcourier.support.Http;
import org.credentialcourier.support.Http.Response;
import org.credentialcourier.support.Scenario;
import org.credentialcourier.support.Tables;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Issue 13, cases 17-19: one rule for an address and one for a name, whatever the door (REST, CSV import, Tasklist start
 * forms), names that cannot pass for an address or a link, and JSON read strictly (no repeated keys, no numbers or
 * booleans as text, no unpaired surrogates, UTF-8 only). Every refusal writes nothing.
 */
@CourierTest
class OneInputRuleTest {

    private static final String HEADER = "email,firstName,lastName,locale\n";

    @LocalServerPort int port;
    @Autowired DataSource dataSource;
    @Autowired Scenario scenario;
    @Autowired FormService forms;
    @Autowired IdentityService identity;
    @Autowired RepositoryService repository;

    private Http admin;

    @BeforeEach
    void signIn() {
        admin = Http.as(port, "demo", "demo");
    }

    @AfterEach
    void signOutOfTasklist() {
        identity.clearAuthentication();
    }

    // ---------------------------------------------------------------- case 17: names

    static Stream<Arguments> namesThatPassForAddressesOrLinks() {
        return Stream.of(
                Arguments.of("firstName", "Ada <mallory@evil.example>"),
                Arguments.of("firstName", "\"Ada\" <mallory@evil.example>"),
                Arguments.of("lastName", "mallory@evil.example"),
                Arguments.of("lastName", "https://evil.example/reset"),
                Arguments.of("firstName", "www.evil.example"),
                Arguments.of("lastName", "Visit evil.example"),
                Arguments.of("firstName", "Ada  Lovelace"),
                Arguments.of("lastName", "Lovelace 2"),
                Arguments.of("firstName", "${7*7}"),
                Arguments.of("lastName", "<script>alert(1)</script>"));
    }

    @ParameterizedTest(name = "REST: {0} = [{1}] is refused")
    @MethodSource("namesThatPassForAddressesOrLinks")
    void namesThatPassForAddressesOrLinksAreRefusedByTheApi(String field, String name) throws Exception {
        Map<String, Object> body = contact(Scenario.uniqueEmail("name"));
        body.put(field, name);
        var before = Tables.rowCounts(dataSource);

        Response response = admin.postJson("/api/contacts", body);

        assertInvalid(response, 400, field);
        assertThat(response.json().get("detail").asText()).contains(field);
        assertThat(Tables.rowCounts(dataSource)).isEqualTo(before);
    }

    @ParameterizedTest(name = "CSV: {0} = [{1}] is skipped")
    @MethodSource("namesThatPassForAddressesOrLinks")
    void namesThatPassForAddressesOrLinksAreSkippedByTheImport(String field, String name) throws Exception {
        String quoted = "\"" + name.replace("\"", "\"\"") + "\"";
        String row = Scenario.uniqueEmail("csvname") + ","
                + (field.equals("firstName") ? quoted + ",Lovelace" : "Ada," + quoted) + ",en";
        var before = Tables.rowCounts(dataSource);

        JsonNode run = importCsv(HEADER + row + "\n");

        assertThat(run.get("skipped").asInt()).as(run.toString()).isEqualTo(1);
        assertThat(run.at("/skippedItems/0/field").asText()).isEqualTo(field);
        assertThat(Tables.rowCounts(dataSource)).isEqualTo(before);
    }

    @ParameterizedTest(name = "name [{0}] is accepted")
    @ValueSource(strings = {"Zoë", "O’Brien-Smith", "d'Alembert", "Martin Luther King, Jr.", "J. R. R.",
            "Łukasz Żółć", "Ἀριστοτέλης", "محمد", "李小龍", "Nguyễn Thị"})
    void realNamesAreAccepted(String name) {
        Map<String, Object> body = contact(Scenario.uniqueEmail("real"));
        body.put("firstName", name);

        Response created = admin.postJson("/api/contacts", body);

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("firstName").asText()).isEqualTo(name);
    }

    /**
     * The recipient's name never reaches a header: {@code To:} carries the bare address (as Keycloak's mails do), so no
     * name, encoded or not, can stand in for the address a mail client shows.
     */
    @Test
    void theRecipientHeaderCarriesTheBareAddressOnly() throws Exception {
        Contact contact = scenario.newContact();

        scenario.inviteAndDeliver(contact);

        MimeMessage mail = scenario.lastMail(contact.email());
        assertThat(mail.getHeader("To")).containsExactly(contact.email());
        InternetAddress to = (InternetAddress) mail.getRecipients(MimeMessage.RecipientType.TO)[0];
        assertThat(to.getPersonal()).isNull();
        assertThat(to.getAddress()).isEqualTo(contact.email());
        assertThat(Scenario.text(mail)).contains("Hello Ada,");
    }

    // ---------------------------------------------------------------- case 18: one rule for every door

    static Stream<String> addressesNoDoorAccepts() {
        return Stream.of("@ID@@example.org.", "@ID@@.example..org", "-@ID@@-example.org", "@ID@@example-.org",
                "@ID@.@example.org", ".@ID@@example.org", "@ID@..x@example.org", "@ID@@example.org\u200B",
                "@ID@\u200E@example.org", "@ID@@example.org\u200F", "@ID@\u061C@example.org",
                "@ID@@example.org\uDB40\uDC41", "@ID@@exa\u00ADmple.org", "@ID@@example.org\u2028",
                "@ID@@ex_ample.org", "@ID@@example", "@ID@@example.123", "@ID@@exämple.org", "ädä@ID@@example.org",
                "\"@ID@\"@example.org", "@ID@@[127.0.0.1]", "x".repeat(65) + "@ID@@example.org",
                "@ID@@" + "a".repeat(64) + ".example.org");
    }

    @ParameterizedTest(name = "REST: [{0}] is refused")
    @MethodSource("addressesNoDoorAccepts")
    void badAddressIsRefusedByTheApi(String template) throws Exception {
        String email = template.replace("@ID@", "door" + System.nanoTime());
        var before = Tables.rowCounts(dataSource);

        Response response = admin.postJson("/api/contacts", contact(email));

        assertInvalid(response, 400, "email");
        assertThat(Tables.rowCounts(dataSource)).isEqualTo(before);
    }

    @ParameterizedTest(name = "CSV: [{0}] is skipped")
    @MethodSource("addressesNoDoorAccepts")
    void badAddressIsSkippedByTheImport(String template) throws Exception {
        String email = template.replace("@ID@", "door" + System.nanoTime());
        var before = Tables.rowCounts(dataSource);

        JsonNode run = importCsv(HEADER + "\"" + email.replace("\"", "\"\"") + "\",Ada,Lovelace,en\n");

        assertThat(run.get("skipped").asInt()).as(run.toString()).isEqualTo(1);
        assertThat(run.at("/skippedItems/0/field").asText()).isEqualTo("email");
        assertThat(run.at("/skippedItems/0/detail").asText()).contains("well-formed email address");
        assertThat(Tables.rowCounts(dataSource)).isEqualTo(before);
    }

    @ParameterizedTest(name = "Tasklist: [{0}] is refused")
    @MethodSource("addressesNoDoorAccepts")
    void badAddressIsRefusedByEveryStartForm(String template) throws Exception {
        for (String process : List.of(InvitationProcess.PROCESS_KEY, PasswordChangeProcess.PROCESS_KEY,
                PasswordResetProcess.PROCESS_KEY)) {
            String email = template.replace("@ID@", "door" + System.nanoTime());
            Map<String, Object> variables = new HashMap<>();
            variables.put("contactEmail", email);
            if (process.equals(PasswordChangeProcess.PROCESS_KEY)) {
                variables.put(PasswordChangeProcess.Vars.DELIVERY, "email");
            }
            var before = Tables.rowCounts(dataSource);

            identity.setAuthentication("anna", List.of("credential-admins"));
            try {
                assertThatThrownBy(() -> forms.submitStartForm(definitionId(process), variables))
                        .as(process).isInstanceOf(ProcessEngineException.class)
                        .hasMessageContaining("is not a well-formed email address");
            } finally {
                identity.clearAuthentication();
            }
            assertThat(Tables.rowCounts(dataSource)).isEqualTo(before);
        }
    }

    @ParameterizedTest(name = "[{0}] in a name is refused by REST and CSV")
    @ValueSource(strings = {"\u200B", "\u200E", "\u200F", "\u061C", "\uDB40\uDC41", "\u00AD", "\uE000", "\u2028",
            "\u2029", "\uFEFF", "\u0378"})
    void invisibleCharactersInNamesAreRefusedByEveryDoor(String invisible) throws Exception {
        var before = Tables.rowCounts(dataSource);
        Map<String, Object> body = contact(Scenario.uniqueEmail("invisible"));
        body.put("lastName", "Love" + invisible + "lace");

        assertInvalid(admin.postJson("/api/contacts", body), 400, "lastName");
        JsonNode run = importCsv(HEADER + Scenario.uniqueEmail("invisible") + ",Ada,Love" + invisible + "lace,en\n");
        assertThat(run.get("skipped").asInt()).as(run.toString()).isEqualTo(1);
        assertThat(run.at("/skippedItems/0/field").asText()).isEqualTo("lastName");
        assertThat(Tables.rowCounts(dataSource)).isEqualTo(before);
    }

    // ---------------------------------------------------------------- case 19: JSON read strictly

    static Stream<Arguments> looseContactBodies() {
        return Stream.of(
                Arguments.of("escaped lone high surrogate", "{\"email\":\"@EMAIL@\",\"firstName\":\"Ada\\ud800\","
                        + "\"lastName\":\"Lovelace\",\"locale\":\"en\"}", "firstName"),
                Arguments.of("escaped lone low surrogate", "{\"email\":\"@EMAIL@\",\"firstName\":\"Ada\","
                        + "\"lastName\":\"\\udc00Lovelace\",\"locale\":\"en\"}", "lastName"),
                Arguments.of("reversed surrogate pair", "{\"email\":\"@EMAIL@\",\"firstName\":\"Ada\\udc00\\ud800\","
                        + "\"lastName\":\"Lovelace\",\"locale\":\"en\"}", "firstName"),
                Arguments.of("repeated key", "{\"email\":\"@EMAIL@\",\"firstName\":\"Ada\",\"firstName\":\"Eve\","
                        + "\"lastName\":\"Lovelace\",\"locale\":\"en\"}", "firstName"),
                Arguments.of("number as a name", "{\"email\":\"@EMAIL@\",\"firstName\":42,"
                        + "\"lastName\":\"Lovelace\",\"locale\":\"en\"}", "firstName"),
                Arguments.of("decimal as a name", "{\"email\":\"@EMAIL@\",\"firstName\":\"Ada\","
                        + "\"lastName\":4.2,\"locale\":\"en\"}", "lastName"),
                Arguments.of("boolean as a name", "{\"email\":\"@EMAIL@\",\"firstName\":true,"
                        + "\"lastName\":\"Lovelace\",\"locale\":\"en\"}", "firstName"));
    }

    @ParameterizedTest(name = "POST /api/contacts: {0}")
    @MethodSource("looseContactBodies")
    void looseJsonIsRefusedByTheContactApi(String name, String json, String field) throws Exception {
        var before = Tables.rowCounts(dataSource);

        Response response = admin.postJson("/api/contacts", json.replace("@EMAIL@", Scenario.uniqueEmail("json")));

        assertInvalid(response, 400, field);
        assertThat(Tables.rowCounts(dataSource)).isEqualTo(before);
    }

    static Stream<Arguments> looseInvitationBodies() {
        return Stream.of(
                Arguments.of("escaped lone surrogate", "{\"contactId\":\"@SHORT@\\ud800\"}"),
                Arguments.of("repeated key", "{\"contactId\":\"@ID@\",\"contactId\":\"@ID@\"}"),
                Arguments.of("number as an id", "{\"contactId\":42}"),
                Arguments.of("boolean as an id", "{\"contactId\":false}"));
    }

    @ParameterizedTest(name = "POST /api/invitations: {0}")
    @MethodSource("looseInvitationBodies")
    void looseJsonIsRefusedByTheInvitationApi(String name, String json) throws Exception {
        Contact contact = scenario.newContact();
        var before = Tables.rowCounts(dataSource);

        Response response = admin.postJson("/api/invitations", json.replace("@ID@", contact.id())
                .replace("@SHORT@", contact.id().substring(0, 35)));

        assertInvalid(response, 400, "contactId");
        assertThat(Tables.rowCounts(dataSource)).isEqualTo(before);
    }

    @ParameterizedTest(name = "Content-Type [{0}] is refused")
    @ValueSource(strings = {"application/json;charset=ISO-8859-1", "application/json; charset=windows-1252",
            "application/json;charset=UTF-16", "application/json;charset=no-such-charset"})
    void aCharsetOtherThanUtf8IsRefused(String contentType) throws Exception {
        Contact contact = scenario.newContact();
        var before = Tables.rowCounts(dataSource);
        // "Zoë" in UTF-8: valid UTF-8, which Latin-1 would read as "ZoÃ«"
        String json = "{\"email\":\"" + Scenario.uniqueEmail("charset") + "\",\"firstName\":\"Zoë\","
                + "\"lastName\":\"Lovelace\",\"locale\":\"en\"}";

        assertInvalid(admin.post("/api/contacts", contentType, BodyPublishers.ofString(json)), 415, "Content-Type");
        assertInvalid(admin.post("/api/invitations", contentType,
                BodyPublishers.ofString("{\"contactId\":\"" + contact.id() + "\"}")), 415, "Content-Type");
        assertThat(Tables.rowCounts(dataSource)).isEqualTo(before);
    }

    @Test
    void utf16WithoutADeclaredCharsetIsRefused() throws Exception {
        var before = Tables.rowCounts(dataSource);
        String json = "{\"email\":\"" + Scenario.uniqueEmail("utf16") + "\",\"firstName\":\"Ada\","
                + "\"lastName\":\"Lovelace\",\"locale\":\"en\"}";

        Response response = admin.post("/api/contacts", "application/json",
                BodyPublishers.ofByteArray(json.getBytes(java.nio.charset.StandardCharsets.UTF_16LE)));

        assertInvalid(response, 400, "body");
        assertThat(Tables.rowCounts(dataSource)).isEqualTo(before);
    }

    @Test
    void utf8DeclaredOrNotIsAccepted() {
        for (String contentType : List.of("application/json", "application/json;charset=UTF-8",
                "application/json; charset=utf-8", "application/json; charset=\"utf8\"")) {
            String json = "{\"email\":\"" + Scenario.uniqueEmail("utf8") + "\",\"firstName\":\"Zoë\","
                    + "\"lastName\":\"Lovelace\",\"locale\":\"en\"}";
            Response created = admin.post("/api/contacts", contentType, BodyPublishers.ofString(json));
            assertThat(created.status()).as(contentType + ": " + created.body()).isEqualTo(201);
            assertThat(created.json().get("firstName").asText()).isEqualTo("Zoë");
        }
    }

    // ----

    private JsonNode importCsv(String csv) {
        Response preview = admin.post("/api/contacts/import?invite=false&dryRun=true", "text/csv; charset=utf-8",
                BodyPublishers.ofString(csv));
        assertThat(preview.status()).as(preview.body()).isEqualTo(200);
        return preview.json();
    }

    private String definitionId(String processKey) {
        return repository.createProcessDefinitionQuery().processDefinitionKey(processKey).latestVersion()
                .singleResult().getId();
    }

    private static Map<String, Object> contact(String email) {
        Map<String, Object> body = new HashMap<>();
        body.put("email", email);
        body.put("firstName", "Ada");
        body.put("lastName", "Lovelace");
        body.put("locale", "en");
        return body;
    }

    private static void assertInvalid(Response response, int status, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).as(response.body()).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("field").asText()).as(response.body()).isEqualTo(field);
        assertThat(response.body()).doesNotContain("Exception", "at org.", "at java.");
    }
}
