package org.credentialcourier.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.camunda.bpm.engine.IdentityService;
import org.credentialcourier.security.AccessControlSetup;
import org.credentialcourier.support.CourierTest;
import org.credentialcourier.support.Http;
import org.credentialcourier.support.Http.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Signing in to the console: a form for browsers with the same Camunda identities and group as the API, HTTP Basic
 * still for scripts, the session cookie's attributes, sign-out, and who is turned away.
 */
@CourierTest
class ConsoleSignInTest {

    private static final String OWNER = "consoleowner";
    /**
     * An admin of its own for the wrong passwords: Camunda delays a user's next sign-in after a failed one, and the
     * other tests sign in as {@code demo}.
     */
    private static final String CLERK = "consoleclerk";
    private static final String PASSWORD = "owner's long passphrase";

    @LocalServerPort int port;
    @Autowired IdentityService identity;

    @BeforeEach
    void users() {
        user(OWNER, AccessControlSetup.PROCESS_OWNERS);
        user(CLERK, "credential-admins");
    }

    private void user(String id, String group) {
        if (identity.createUserQuery().userId(id).singleResult() == null) {
            var user = identity.newUser(id);
            user.setPassword(PASSWORD);
            identity.saveUser(user);
            identity.createMembership(id, group);
        }
    }

    @Test
    void aBrowserIsSentToTheSignInFormAndAScriptGetsABasicChallenge() throws Exception {
        HttpResponse<String> browser = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(base() + "/admin/invitations"))
                .header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(browser.statusCode()).isEqualTo(302);
        assertThat(browser.headers().firstValue("Location").orElseThrow()).endsWith("/admin/sign-in");

        Response script = Http.anonymous(port).get("/admin/invitations");
        assertThat(script.status()).isEqualTo(401);
        assertThat(script.header("WWW-Authenticate")).isEqualTo("Basic realm=\"Credential Courier\"");
        assertThat(Http.as(port, CLERK, "wrong").get("/admin/bulk").status()).isEqualTo(401);
    }

    @Test
    void signInWithTheFormGivesAFreshHttpOnlySessionThenSignOutEndsIt() {
        Http browser = Http.anonymous(port);
        Response form = browser.get("/admin/sign-in");
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.body()).contains("<label for=\"username\">User name</label>", "autocomplete=\"current-password\"");
        String before = sessionCookie(form);

        Response signedIn = browser.postForm("/admin/sign-in",
                Map.of("_csrf", form.csrfToken(), "username", "demo", "password", "demo"));
        assertThat(signedIn.status()).isEqualTo(302);
        assertThat(BulkPagesTest.path(signedIn.header("Location"))).isEqualTo("/admin/contacts");
        String after = sessionCookie(signedIn);
        assertThat(after).as("a new session id at sign-in").isNotNull().isNotEqualTo(before);
        assertThat(signedInCookieHeader(signedIn)).contains("HttpOnly").containsIgnoringCase("SameSite=Lax")
                .doesNotContain("Secure");

        Response page = browser.get("/admin/bulk");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Signed in as <strong>demo</strong>");
        assertThat(page.header("Content-Security-Policy")).contains("default-src 'none'", "frame-ancestors 'none'",
                "script-src 'self'").doesNotContain("unsafe-inline");
        assertThat(page.header("Cache-Control")).contains("no-store");

        Response signedOut = browser.postForm("/admin/sign-out", Map.of("_csrf", page.csrfToken()));
        assertThat(signedOut.status()).isEqualTo(302);
        assertThat(signedOut.header("Location")).endsWith("/admin/sign-in?signed-out");
        assertThat(browser.get("/admin/sign-in?signed-out").body()).contains("You are signed out.");
        assertThat(browser.get("/admin/bulk").status()).isEqualTo(401);
    }

    @Test
    void aWrongPasswordStaysOnTheFormWithAMessage() {
        Http browser = Http.anonymous(port);
        Response form = browser.get("/admin/sign-in");
        Response refused = browser.postForm("/admin/sign-in",
                Map.of("_csrf", form.csrfToken(), "username", CLERK, "password", "not the password"));
        assertThat(refused.status()).isEqualTo(302);
        assertThat(refused.header("Location")).endsWith("/admin/sign-in?error");
        Response again = browser.get("/admin/sign-in?error");
        assertThat(again.body()).contains("role=\"alert\"", "Wrong user name or password.");
        assertThat(browser.get("/admin/bulk").status()).isEqualTo(401);

        Response noToken = Http.anonymous(port).postForm("/admin/sign-in", Map.of("username", CLERK, "password", PASSWORD));
        assertThat(noToken.status()).as("the sign-in form is CSRF protected too").isEqualTo(403);
    }

    @Test
    void aProcessOwnerWhoIsNoAdminIsTurnedAwayWithAPage() {
        Http browser = Http.anonymous(port);
        Response form = browser.get("/admin/sign-in");
        browser.postForm("/admin/sign-in", Map.of("_csrf", form.csrfToken(), "username", OWNER, "password", PASSWORD));
        Response denied = browser.get("/admin/invitations");
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.body()).contains("The console is for members of group <strong>credential-admins</strong>",
                "<strong>" + OWNER + "</strong> is not one of them");
        assertThat(Http.as(port, OWNER, PASSWORD).get("/admin/contacts/x").status()).isEqualTo(403);
    }

    @Test
    void theSessionCookieIsSecureBehindAnHttpsProxy() throws Exception {
        // a reverse proxy on loopback (trusted, see server.forward-headers-strategy) that terminated HTTPS
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> form = client.send(HttpRequest.newBuilder(URI.create(base() + "/admin/sign-in"))
                .header("X-Forwarded-Proto", "https").build(), HttpResponse.BodyHandlers.ofString());
        String cookie = form.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID="))
                .findFirst().orElseThrow();
        assertThat(cookie).contains("Secure", "HttpOnly");
        String csrf = new Response(form.statusCode(), form.body(), form).csrfToken();

        HttpResponse<String> signedIn = client.send(HttpRequest.newBuilder(URI.create(base() + "/admin/sign-in"))
                .header("X-Forwarded-Proto", "https").header("Cookie", cookie.substring(0, cookie.indexOf(';')))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=demo&password=demo&_csrf=" + csrf)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.statusCode()).isEqualTo(302);
        // a path only (issue 13, case 15): the browser stays on the proxy's https origin, never sent to http://
        assertThat(signedIn.headers().firstValue("Location").orElseThrow()).isEqualTo("/admin/contacts");
        assertThat(signedIn.headers().allValues("Set-Cookie")).filteredOn(c -> c.startsWith("JSESSIONID="))
                .singleElement().asString().contains("Secure", "HttpOnly");
    }

    @Test
    void theReviewLinkLeadsBackToItsPageAfterSignIn() {
        Http browser = Http.anonymous(port);
        // what a browser following the link from Tasklist does, asking for HTML
        HttpResponse<String> first = sendHtml(browser, "/admin/bulk/some-run");
        assertThat(first.statusCode()).isEqualTo(302);
        Response form = browser.get("/admin/sign-in");
        Response signedIn = browser.postForm("/admin/sign-in",
                Map.of("_csrf", form.csrfToken(), "username", "demo", "password", "demo"));
        assertThat(signedIn.header("Location")).contains("/admin/bulk/some-run");
        Response back = browser.get(BulkPagesTest.path(signedIn.header("Location")) + "?continue");
        assertThat(back.status()).as("an unknown run: the console's own 404 page").isEqualTo(404);
        assertThat(back.body()).contains("There is no bulk run with this id");
    }

    private HttpResponse<String> sendHtml(Http browser, String path) {
        return browser.getWith(path, "Accept", "text/html").raw();
    }

    private String base() {
        return "http://localhost:" + port;
    }

    private static String sessionCookie(Response response) {
        String header = signedInCookieHeader(response);
        return header == null ? null : header.substring("JSESSIONID=".length(), header.indexOf(';'));
    }

    private static String signedInCookieHeader(Response response) {
        return response.raw().headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID="))
                .findFirst().orElse(null);
    }
}
