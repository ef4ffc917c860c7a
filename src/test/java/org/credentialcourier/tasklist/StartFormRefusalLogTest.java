package org.credentialcourier.tasklist;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.credentialcourier.support.CourierTest;
import org.credentialcourier.support.Http;
import org.credentialcourier.support.Tables;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Each of Tasklist's start forms, submitted with an email that no contact has (the bulk's with nothing chosen), as
 * Tasklist submits it (signed in to Tasklist, through the webapps' {@code /camunda/api/engine}), and through
 * {@code /engine-rest}: a 400 whose message is the sentence the form shows, nothing written, and in the log neither
 * "Cannot instantiate process definition" nor a stack trace (issue 15).
 */
@CourierTest
@ExtendWith(OutputCaptureExtension.class)
class StartFormRefusalLogTest {

    /** The demo admin, as the README's first steps sign in. */
    private static final String ADMIN = "demo";

    @LocalServerPort int port;
    @Autowired DataSource dataSource;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            invitation      | {"contactEmail": {"value": "nobody-invited@example.org"}}                             | No contact has the email address nobody-invited@example.org
            password-reset  | {"contactEmail": {"value": "nobody-reset@example.org"}}                               | No contact has the email address nobody-reset@example.org
            password-change | {"contactEmail": {"value": "nobody-changed@example.org"}, "delivery": {"value": "email"}} | No contact has the email address nobody-changed@example.org
            bulk-invitation | {"selection": {"value": "nothing-of-the-sort"}}                                       | Choose whom to invite
            """)
    void anUnknownEmailIsASentenceOnTheFormAndNoStackTraceInTheLog(String process, String variables, String sentence,
                                                                 CapturedOutput output) throws Exception {
        var before = Tables.rowCounts(dataSource);
        int logFrom = output.getAll().length();

        var answer = Http.as(port, ADMIN, ADMIN).postJson(
                "/engine-rest/process-definition/key/" + process + "/submit-form", "{\"variables\": " + variables + "}");
        HttpResponse<String> inTasklist = tasklistSubmit(process, "{\"variables\": " + variables + "}");

        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.json().get("message").asText()).startsWith(sentence);
        assertThat(inTasklist.statusCode()).as(inTasklist.body()).isEqualTo(400);
        assertThat(new ObjectMapper().readTree(inTasklist.body()).get("message").asText()).startsWith(sentence);
        assertThat(Tables.rowCounts(dataSource)).as("nothing written").isEqualTo(before);
        String log = output.getAll().substring(logFrom);
        assertThat(log).doesNotContain("Cannot instantiate process definition", "ENGINE-16004", "ENGINE-REST-HTTP500",
                "FormFieldValidationException", "\tat org.");
    }

    /** As Tasklist's start dialog: signed in to Tasklist, the XSRF cookie echoed in a header. */
    private HttpResponse<String> tasklistSubmit(String process, String json) throws Exception {
        CookieManager cookies = new CookieManager();
        HttpClient http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
                .build();
        send(http, cookies, "GET", "/camunda/app/tasklist/default/", null, null);
        HttpResponse<String> login = send(http, cookies, "POST", "/camunda/api/admin/auth/user/default/login/tasklist",
                "application/x-www-form-urlencoded", "username=" + URLEncoder.encode(ADMIN, StandardCharsets.UTF_8)
                        + "&password=" + URLEncoder.encode(ADMIN, StandardCharsets.UTF_8));
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        send(http, cookies, "GET", "/camunda/api/admin/auth/user/default", null, null);
        return send(http, cookies, "POST", "/camunda/api/engine/engine/default/process-definition/key/" + process
                + "/submit-form", "application/json", json);
    }

    private HttpResponse<String> send(HttpClient http, CookieManager cookies, String method, String path,
                                      String contentType, String body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30)).header("X-Forwarded-For", "198.51.100.15")
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
                .map(HttpCookie::getValue).reduce((first, second) -> second)
                .ifPresent(token -> request.header("X-XSRF-TOKEN", token));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
