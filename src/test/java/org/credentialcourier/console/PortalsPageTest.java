package org.credentialcourier.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.credentialcourier.support.OidcFlow.verifier;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.credentialcourier.support.CourierTest;
import org.credentialcourier.support.Http;
import org.credentialcourier.support.Http.Response;
import org.credentialcourier.support.OidcFlow;
import org.credentialcourier.support.Scenario;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Registering a portal in the console: wrong addresses are refused naming the field (422), a registration shows its
 * client secret once (303 to a page that shows it, then "shown already"), keeps only its hash, and the secret works
 * at once at the token endpoint for a member's code.
 */
@CourierTest
class PortalsPageTest {

    /** http on loopback is allowed for trying a portal out; nothing listens there, the code is read off the redirect. */
    private static final String REDIRECT = "http://127.0.0.1:9/login/oauth2/code/courier";

    @LocalServerPort int port;
    @Autowired Scenario scenario;
    @Autowired JdbcClient jdbc;

    @Test
    void aWrongAddressIsRefusedNamingTheField() {
        Http admin = Http.as(port, "demo", "demo");
        Response page = admin.get("/admin/portals");
        assertThat(page.status()).isEqualTo(200);
        Response refused = admin.postForm("/admin/portals", form(page, "Plain portal", clientId("plain"),
                "http://portal.example.org/callback\nhttps://portal.example.org/cb#part"));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).contains("id=\"redirectUris-problem\"").doesNotContain("id=\"name-problem\"");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM portal WHERE name = 'Plain portal'").query(Integer.class).single())
                .isZero();
    }

    @Test
    void aRegisteredPortalsSecretIsShownOnceKeptAsAHashAndWorksAtOnce() throws Exception {
        Http admin = Http.as(port, "demo", "demo");
        String clientId = clientId("members");
        Response registered = admin.postForm("/admin/portals", form(admin.get("/admin/portals"), "Members' portal",
                clientId, REDIRECT));
        assertThat(registered.status()).isEqualTo(303);
        String secretPage = registered.header("Location");
        assertThat(secretPage).startsWith("/admin/portals/" + clientId + "/secret/");

        Response shown = admin.get(secretPage);
        assertThat(shown.header("Cache-Control")).isEqualTo("no-store");
        Matcher secret = Pattern.compile("id=\"client-secret\">([^<]+)<").matcher(shown.body());
        assertThat(secret.find()).as("the secret on the page").isTrue();
        Response again = admin.get(secretPage);
        assertThat(again.body()).contains("This secret was shown already").doesNotContain(secret.group(1));
        assertThat(admin.get("/admin/portals").body()).contains(clientId);

        String stored = jdbc.sql("SELECT secret_hash FROM portal WHERE client_id = :id").param("id", clientId)
                .query(String.class).single();
        assertThat(stored).startsWith("{bcrypt}").doesNotContain(secret.group(1));
        assertThat(jdbc.sql("SELECT client_secret FROM oauth2_registered_client WHERE client_id = :id")
                .param("id", clientId).query(String.class).single()).isEqualTo(stored);

        OidcFlow flow = new OidcFlow("http://localhost:" + port, clientId, secret.group(1), REDIRECT);
        OidcFlow.Member member = flow.member(scenario.activeContact());
        assertThat(member.signIn(Scenario.MEMBER_PASSWORD).statusCode()).isEqualTo(302);
        assertThat(member.tokens().get("id_token").asText()).isNotBlank();
        String verifier = verifier();
        HttpResponse<String> wrongSecret = flow.tokenRequest(Map.of("grant_type", "authorization_code",
                "code", member.code(verifier), "redirect_uri", REDIRECT, "code_verifier", verifier), "not the secret");
        assertThat(wrongSecret.statusCode()).isEqualTo(401);
    }

    @Test
    void aNewSigningKeyIsPublishedBesideTheOldOneUntilItIsRetired() throws Exception {
        Http admin = Http.as(port, "demo", "demo");
        Response page = admin.get("/admin/portals");
        String old = signingKey(page.body());
        Response rotated = admin.postForm("/admin/portals/signing-keys", Map.of("_csrf", page.csrfToken()));
        assertThat(rotated.status()).isEqualTo(303);
        page = admin.get("/admin/portals");
        String current = signingKey(page.body());
        assertThat(current).isNotEqualTo(old);
        assertThat(page.body()).contains("signs from now on");
        assertThat(Http.anonymous(port).get("/oauth2/jwks").body()).contains(old, current);

        assertThat(admin.postForm("/admin/portals/signing-keys/" + current + "/retire",
                Map.of("_csrf", page.csrfToken())).status()).isEqualTo(303);
        assertThat(admin.get("/admin/portals").body()).contains("Not retired");
        assertThat(admin.postForm("/admin/portals/signing-keys/" + old + "/retire",
                Map.of("_csrf", page.csrfToken())).status()).isEqualTo(303);
        assertThat(Http.anonymous(port).get("/oauth2/jwks").body()).contains(current).doesNotContain(old);
        // without the form's token nothing changes
        assertThat(admin.postForm("/admin/portals/signing-keys", Map.of()).status()).isEqualTo(403);
    }

    @Test
    void aConsolePortalIsChangedGivenANewSecretAndRemovedOnItsPage() throws Exception {
        Http admin = Http.as(port, "demo", "demo");
        String clientId = clientId("changed");
        Response registered = admin.postForm("/admin/portals", form(admin.get("/admin/portals"), "Changed portal",
                clientId, REDIRECT));
        Matcher first = Pattern.compile("id=\"client-secret\">([^<]+)<").matcher(admin.get(registered.header("Location")).body());
        assertThat(first.find()).isTrue();
        assertThat(admin.get("/admin/portals").body()).contains("/admin/portals/" + clientId);

        Response page = admin.get("/admin/portals/" + clientId);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains(REDIRECT).contains("Changed portal");
        Map<String, String> wrong = form(page, "", clientId, "https://portal.example.org/cb#fragment");
        Response refused = admin.postForm("/admin/portals/" + clientId + "/edit", wrong);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).contains("id=\"name-problem\"").contains("id=\"redirectUris-problem\"");
        Map<String, String> changed = form(page, "Renamed portal", clientId, REDIRECT + "\n" + REDIRECT + "/second");
        assertThat(admin.postForm("/admin/portals/" + clientId + "/edit", changed).status()).isEqualTo(303);
        assertThat(jdbc.sql("SELECT redirect_uris FROM oauth2_registered_client WHERE client_id = :id")
                .param("id", clientId).query(String.class).single()).contains(REDIRECT + "/second");
        assertThat(admin.get("/admin/portals").body()).contains("Renamed portal");

        Response renewed = admin.postForm("/admin/portals/" + clientId + "/secret", Map.of("_csrf", page.csrfToken()));
        assertThat(renewed.status()).isEqualTo(303);
        Matcher second = Pattern.compile("id=\"client-secret\">([^<]+)<").matcher(admin.get(renewed.header("Location")).body());
        assertThat(second.find()).as("the new secret, shown once").isTrue();
        assertThat(second.group(1)).isNotEqualTo(first.group(1));
        OidcFlow flow = new OidcFlow("http://localhost:" + port, clientId, second.group(1), REDIRECT);
        OidcFlow.Member member = flow.member(scenario.activeContact());
        assertThat(member.signIn(Scenario.MEMBER_PASSWORD).statusCode()).isEqualTo(302);
        String verifier = verifier();
        Map<String, String> exchange = Map.of("grant_type", "authorization_code", "code", member.code(verifier),
                "redirect_uri", REDIRECT, "code_verifier", verifier);
        assertThat(flow.tokenRequest(exchange, first.group(1)).statusCode()).as("the old secret").isEqualTo(401);
        String refreshToken = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(flow.tokenRequest(exchange).body()).get("refresh_token").asText();

        assertThat(admin.postForm("/admin/portals/" + clientId + "/remove", Map.of("_csrf", page.csrfToken()))
                .status()).isEqualTo(303);
        assertThat(admin.get("/admin/portals").body()).doesNotContain("<code>" + clientId + "</code>");
        assertThat(admin.get("/admin/portals/" + clientId).status()).isEqualTo(404);
        assertThat(flow.refresh(refreshToken).statusCode()).as("the removed portal's refresh token").isEqualTo(401);
        assertThat(jdbc.sql("SELECT event_type FROM provider_event WHERE subject = :id ORDER BY id")
                .param("id", clientId).query(String.class).list()).containsExactly("PORTAL_REGISTERED",
                "PORTAL_EDITED", "PORTAL_SECRET_RENEWED", "PORTAL_REMOVED");
        // without the form's token nothing changes
        assertThat(admin.postForm("/admin/portals/" + clientId + "/remove", Map.of()).status()).isEqualTo(403);
    }

    /** The id of the key that signs, as the page lists it. */
    private static String signingKey(String page) {
        Matcher key = Pattern.compile("<code>([0-9a-f-]{36})</code></td>\\s*<td><time[^>]*>[^<]*</time></td>\\s*<td>\\s*"
                + "<span>Signs now</span>").matcher(page);
        assertThat(key.find()).as("the signing key on the page").isTrue();
        return key.group(1);
    }

    private static Map<String, String> form(Response page, String name, String clientId, String redirectUris) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("_csrf", page.csrfToken());
        fields.put("name", name);
        fields.put("clientId", clientId);
        fields.put("redirectUris", redirectUris);
        fields.put("postLogoutRedirectUris", "");
        // no start page: activations in the other tests keep ending on Courier's own page
        fields.put("startPage", "");
        return fields;
    }

    private static String clientId(String prefix) {
        return prefix + "-" + System.nanoTime();
    }
}
