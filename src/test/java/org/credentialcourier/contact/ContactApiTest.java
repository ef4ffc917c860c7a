package org.credentialcourier.contact;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest.BodyPublishers;
import java.util.HashMap;
import java.util.Map;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.IdentityService;
import org.credentialcourier.support.CourierTest;
import org.credentialcourier.support.Http;
import org.credentialcourier.support.Http.Response;
import org.credentialcourier.support.Scenario;
import org.credentialcourier.support.Tables;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The contacts API over HTTP: what works, and every kind of bad input refused with a Problem naming the field. */
@CourierTest
class ContactApiTest {

    @LocalServerPort int port;
    @Autowired DataSource dataSource;
    @Autowired IdentityService identityService;

    private Http admin;

    @BeforeEach
    void signIn() {
        admin = Http.as(port, "demo", "demo");
    }

    @Test
    void createReadAndSearch() {
        String email = Scenario.uniqueEmail("Katherine.Johnson");
        Response created = admin.postJson("/api/contacts", valid(email));
        assertThat(created.status()).isEqualTo(201);
        JsonNode contact = created.json();
        assertThat(contact.get("accountStatus").asText()).isEqualTo("none");
        assertThat(contact.get("locale").asText()).isEqualTo("fr");

        Response read = admin.get("/api/contacts/" + contact.get("id").asText());
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().at("/contact/email").asText()).isEqualTo(email);
        assertThat(read.json().get("invitations")).isEmpty();

        Response page = admin.get("/api/contacts?q=" + email.substring(0, 20).toUpperCase() + "&size=5");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.json().get("total").asLong()).isEqualTo(1);
        assertThat(page.json().at("/items/0/id").asText()).isEqualTo(contact.get("id").asText());
        assertThat(admin.get("/api/contacts?q=%25&size=1").json().get("total").asLong())
                .as("%% is searched for, not a wildcard").isZero();
    }

    @ParameterizedTest(name = "{0} = [{1}] is refused")
    @CsvSource(delimiter = '|', textBlock = """
            email     | not-an-email
            email     | ada@localhost
            email     | ada@example.org\\r\\nBcc: eve@example.org
            email     | ada lovelace@example.org
            email     | <ada@example.org>
            email     | ''
            firstName | Ada\\nBcc: eve@example.org
            firstName | Ada\\u0000
            firstName | \\u202Eadalove
            firstName | '   '
            lastName  | Lovelace\\r
            lastName  | @@LONG@@
            locale    | de
            locale    | EN
            locale    | en-US
            """)
    void badFieldIsRefusedAndNothingIsWritten(String field, String value) throws Exception {
        Map<String, Object> body = valid(Scenario.uniqueEmail("ada"));
        body.put(field, unescape(value));
        var before = Tables.rowCounts(dataSource);

        Response response = admin.postJson("/api/contacts", body);

        assertThat(response.status()).isEqualTo(400);
        assertProblem(response, field);
        assertThat(Tables.rowCounts(dataSource)).isEqualTo(before);
    }

    @Test
    void missingFieldIsNamed() {
        Map<String, Object> body = valid(Scenario.uniqueEmail("ada"));
        body.remove("lastName");
        Response response = admin.postJson("/api/contacts", body);
        assertThat(response.status()).isEqualTo(400);
        assertProblem(response, "lastName");
    }

    @Test
    void overLongEmailIsRefused() {
        Response response = admin.postJson("/api/contacts", valid("a".repeat(250) + "@example.org"));
        assertThat(response.status()).isEqualTo(400);
        assertProblem(response, "email");
    }

    @Test
    void duplicateEmailInAnyCaseIsAConflict() throws Exception {
        String email = Scenario.uniqueEmail("mary.jackson");
        String id = admin.postJson("/api/contacts", valid(email)).json().get("id").asText();
        var before = Tables.rowCounts(dataSource);

        Response response = admin.postJson("/api/contacts", valid(email.toUpperCase()));

        assertThat(response.status()).isEqualTo(409);
        assertProblem(response, "email");
        assertThat(response.json().get("contactId").asText()).isEqualTo(id);
        assertThat(Tables.rowCounts(dataSource)).isEqualTo(before);
    }

    @Test
    void unknownIdIsNotFound() {
        Response response = admin.get("/api/contacts/00000000-0000-0000-0000-000000000000");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(admin.get("/api/contacts/..%2F..%2Fetc%2Fpasswd").status()).isIn(400, 404);
    }

    @ParameterizedTest(name = "body [{0}] is refused")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            {"email": "ada@example.org", "firstName": "Ada"
            [1, 2, 3]
            {"email": {"nested": true}, "firstName": "Ada", "lastName": "L", "locale": "en"}
            {"email": "x@example.org", "firstName": "Ada", "lastName": "L", "locale": "en", "admin": true}
            not json at all
            """)
    void malformedJsonIsRefused(String body) {
        Response response = admin.postJson("/api/contacts", body);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("field").asText()).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception", "at org.");
    }

    @Test
    void wrongContentTypeIsRefused() {
        Response response = admin.post("/api/contacts", "text/plain", BodyPublishers.ofString("ada@example.org"));
        assertThat(response.status()).isEqualTo(415);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
    }

    @ParameterizedTest(name = "{0} is refused")
    @CsvSource(delimiter = '|', textBlock = """
            page=-1          | page
            size=0           | size
            size=100000      | size
            page=abc         | page
            q=%0D%0Ax        | q
            """)
    void badPagingIsRefused(String query, String field) {
        Response response = admin.get("/api/contacts?" + query);
        assertThat(response.status()).isEqualTo(400);
        assertProblem(response, field);
    }

    @Test
    void onlyCredentialAdminsMayUseTheApi() {
        assertThat(Http.anonymous(port).get("/api/contacts").status()).isEqualTo(401);
        assertThat(Http.as(port, "nobody-" + System.nanoTime(), "guess").get("/api/contacts").status()).isEqualTo(401);

        String clerk = "clerk" + System.nanoTime();
        var user = identityService.newUser(clerk);
        user.setPassword("clerk-password");
        identityService.saveUser(user);
        Response forbidden = Http.as(port, clerk, "clerk-password").get("/api/contacts");
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.header("Content-Type")).startsWith("application/problem+json");
        assertThat(Http.as(port, clerk, "clerk-password").get("/engine-rest/process-definition").status())
                .isEqualTo(403);
        Response engine = admin.get("/engine-rest/process-definition");
        assertThat(engine.status()).as(engine.body()).isEqualTo(200);
    }

    private static Map<String, Object> valid(String email) {
        Map<String, Object> body = new HashMap<>();
        body.put("email", email);
        body.put("firstName", "Katherine");
        body.put("lastName", "Johnson");
        body.put("locale", "fr");
        return body;
    }

    private static void assertProblem(Response response, String field) {
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.get("status").asInt()).isEqualTo(response.status());
        assertThat(problem.get("field").asText()).isEqualTo(field);
        assertThat(response.body()).doesNotContain("Exception", "at org.");
    }

    private static String unescape(String value) {
        if ("@@LONG@@".equals(value)) {
            return "L".repeat(101);
        }
        return value.replace("\\r", "\r").replace("\\n", "\n").replace("\\u0000", "\u0000")
                .replace("\\u202E", "\u202E");
    }
}
