package org.credentialcourier.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.credentialcourier.support.OidcFlow.challenge;
import static org.credentialcourier.support.OidcFlow.verifier;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

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
 * The portals over REST ({@code /api/portals}) and the signing keys ({@code /api/signing-keys}): an edit applies to
 * the next authorization request at once, a bad address is refused naming each field and changes nothing, a new
 * secret is answered once and the old one stops working, a removed portal's tokens stop working; every change is in
 * the audit with its admin.
 */
@CourierTest
class PortalApiTest {

    private static final String REDIRECT = "http://127.0.0.1:9/login/oauth2/code/courier";
    private static final String OTHER_REDIRECT = "https://portal.example.org/login/oauth2/code/courier";

    @LocalServerPort int port;
    @Autowired Scenario scenario;
    @Autowired JdbcClient jdbc;

    @Test
    void anEditAppliesToTheNextRequestAndIsInTheAudit() throws Exception {
        Http admin = admin();
        Registered portal = register(admin, "edit");
        OidcFlow.Member member = portal.flow(REDIRECT).member(scenario.activeContact());
        member.signIn(Scenario.MEMBER_PASSWORD);
        assertThat(member.authorize(OTHER_REDIRECT, challenge(verifier())).statusCode()).isEqualTo(400);

        Response edited = admin.put("/api/portals/" + portal.clientId, json(Map.of("name", "Renamed portal",
                "redirectUris", List.of(OTHER_REDIRECT), "postLogoutRedirectUris",
                List.of("https://portal.example.org/signed-out"))));
        assertThat(edited.status()).as(edited.body()).isEqualTo(200);
        assertThat(edited.json().get("name").asText()).isEqualTo("Renamed portal");
        assertThat(edited.body()).doesNotContain("secret");
        // the old address is refused from now on, the new one gives a code
        assertThat(member.authorize(REDIRECT, challenge(verifier())).statusCode()).isEqualTo(400);
        HttpResponse<String> code = member.authorize(OTHER_REDIRECT, challenge(verifier()));
        assertThat(code.statusCode()).isEqualTo(302);
        assertThat(code.headers().firstValue("Location").orElseThrow()).startsWith(OTHER_REDIRECT + "?code=");
        assertThat(jdbc.sql("SELECT post_logout_redirect_uris FROM oauth2_registered_client WHERE client_id = :id")
                .param("id", portal.clientId).query(String.class).single())
                .isEqualTo("https://portal.example.org/signed-out");

        assertThat(auditActor("PORTAL_REGISTERED", portal.clientId)).isEqualTo("demo");
        assertThat(auditActor("PORTAL_EDITED", portal.clientId)).isEqualTo("demo");
        Response page = admin.get("/admin/audit?action=portal-edited");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains(portal.clientId).contains("Portal edited");
        assertThat(admin.get("/admin/audit?q=" + portal.clientId).body()).contains("Portal registered");
        Response csv = admin.get("/admin/audit/export.csv?action=portal-edited");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.body()).contains(portal.clientId);
    }

    @Test
    void badAddressesAreRefusedNamingEachFieldAndNothingIsSaved() throws Exception {
        Http admin = admin();
        Registered portal = register(admin, "refused");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", " ");
        body.put("redirectUris", List.of("https://portal.example.org/cb", "http://portal.example.org/cb"));
        body.put("postLogoutRedirectUris", List.of("https://portal.example.org/out#fragment"));
        body.put("startPage", "/relative/start");
        Response refused = admin.put("/api/portals/" + portal.clientId, json(body));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        List<String> fields = refused.json().get("errors").findValuesAsText("field");
        assertThat(fields).containsExactlyInAnyOrder("name", "redirectUris", "postLogoutRedirectUris", "startPage");

        for (String wrong : new String[] {"ftp://portal.example.org/cb", "https://user:pw@portal.example.org/cb",
                "https://portal.example.org/cb\nhttps://other.example.org/cb", "not an address"}) {
            Response one = admin.put("/api/portals/" + portal.clientId, json(Map.of("name", "Still named",
                    "redirectUris", List.of(wrong))));
            assertThat(one.status()).as(wrong).isEqualTo(400);
            assertThat(one.json().get("field").asText()).as(wrong).isEqualTo("redirectUris");
        }
        Response registeredTwice = admin.postJson("/api/portals", Map.of("clientId", portal.clientId,
                "name", "Twice", "redirectUris", List.of(REDIRECT)));
        assertThat(registeredTwice.status()).isEqualTo(400);
        assertThat(registeredTwice.json().get("field").asText()).isEqualTo("clientId");

        assertThat(jdbc.sql("SELECT name FROM portal WHERE client_id = :id").param("id", portal.clientId)
                .query(String.class).single()).isEqualTo("Portal refused");
        assertThat(jdbc.sql("SELECT redirect_uris FROM oauth2_registered_client WHERE client_id = :id")
                .param("id", portal.clientId).query(String.class).single()).isEqualTo(REDIRECT);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM provider_event WHERE subject = :id AND event_type = 'PORTAL_EDITED'")
                .param("id", portal.clientId).query(Integer.class).single()).isZero();
        assertThat(admin.put("/api/portals/no-such-portal", json(Map.of("name", "x", "redirectUris",
                List.of(REDIRECT)))).status()).isEqualTo(404);
        assertThat(admin.delete("/api/portals/no-such-portal").status()).isEqualTo(404);
    }

    @Test
    void aNewSecretIsAnsweredOnceAndTheOldOneStopsWorking() throws Exception {
        Http admin = admin();
        Registered portal = register(admin, "secret");
        OidcFlow.Member member = portal.flow(REDIRECT).member(scenario.activeContact());
        member.signIn(Scenario.MEMBER_PASSWORD);
        assertThat(member.tokens().get("id_token").asText()).isNotBlank();

        Response renewed = admin.postEmpty("/api/portals/" + portal.clientId + "/secret");
        assertThat(renewed.status()).isEqualTo(200);
        assertThat(renewed.header("Cache-Control")).contains("no-store");
        String secret = renewed.json().get("clientSecret").asText();
        assertThat(secret).isNotEqualTo(portal.secret).hasSizeGreaterThanOrEqualTo(43);
        String stored = jdbc.sql("SELECT secret_hash FROM portal WHERE client_id = :id").param("id", portal.clientId)
                .query(String.class).single();
        assertThat(stored).startsWith("{bcrypt}").doesNotContain(secret);
        assertThat(admin.get("/api/portals").body()).contains(portal.clientId).doesNotContain(secret)
                .doesNotContain("$2a$");

        String verifier = verifier();
        Map<String, String> exchange = Map.of("grant_type", "authorization_code", "code", member.code(verifier),
                "redirect_uri", REDIRECT, "code_verifier", verifier);
        OidcFlow flow = portal.flow(REDIRECT);
        assertThat(flow.tokenRequest(exchange, portal.secret).statusCode()).as("the old secret").isEqualTo(401);
        assertThat(flow.tokenRequest(exchange, secret).statusCode()).as("the new secret").isEqualTo(200);
        assertThat(auditActor("PORTAL_SECRET_RENEWED", portal.clientId)).isEqualTo("demo");
    }

    @Test
    void aRemovedPortalsTokensStopWorking() throws Exception {
        Http admin = admin();
        Registered portal = register(admin, "removed");
        OidcFlow flow = portal.flow(REDIRECT);
        OidcFlow.Member member = flow.member(scenario.activeContact());
        member.signIn(Scenario.MEMBER_PASSWORD);
        JsonNode tokens = member.tokens();
        String access = tokens.get("access_token").asText();
        assertThat(userInfo(access)).isEqualTo(200);

        assertThat(admin.delete("/api/portals/" + portal.clientId).status()).isEqualTo(204);
        assertThat(userInfo(access)).as("user info with the removed portal's access token").isEqualTo(401);
        assertThat(flow.refresh(tokens.get("refresh_token").asText()).statusCode()).isEqualTo(401);
        assertThat(member.authorize(REDIRECT, challenge(verifier())).statusCode()).isEqualTo(400);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM oauth2_registered_client WHERE client_id = :id")
                .param("id", portal.clientId).query(Integer.class).single()).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM oauth2_authorization WHERE principal_name = :member")
                .param("member", member.contact.id()).query(Integer.class).single()).isZero();
        assertThat(admin.get("/api/portals").body()).doesNotContain(portal.clientId);
        assertThat(auditActor("PORTAL_REMOVED", portal.clientId)).isEqualTo("demo");
    }

    @Test
    void signingKeysAreAddedAndRetiredOverRestAndAudited() {
        Http admin = admin();
        Response added = admin.postEmpty("/api/signing-keys");
        assertThat(added.status()).isEqualTo(201);
        String key = added.json().get("keyId").asText();
        assertThat(added.json().get("signing").asBoolean()).isTrue();
        assertThat(admin.postEmpty("/api/signing-keys/" + key + "/retire").status()).as("the signing key")
                .isEqualTo(409);
        assertThat(admin.postEmpty("/api/signing-keys/no-such-key/retire").status()).isEqualTo(404);
        String newer = admin.postEmpty("/api/signing-keys").json().get("keyId").asText();
        assertThat(admin.postEmpty("/api/signing-keys/" + key + "/retire").status()).isEqualTo(204);
        assertThat(admin.get("/api/signing-keys").body()).contains(newer).doesNotContain(key)
                .doesNotContain("\"d\"");
        assertThat(auditActor("SIGNING_KEY_ROTATED", key)).isEqualTo("demo");
        assertThat(auditActor("SIGNING_KEY_RETIRED", key)).isEqualTo("demo");
        assertThat(admin.get("/admin/audit?action=signing-key-retired").body()).contains(key);
    }

    @Test
    void oneClientIdRegisteredAtOnceByTwoAdminsGivesOnePortal() throws Exception {
        String clientId = "race-" + System.nanoTime();
        int parties = 6;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(parties);
        try {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < parties; i++) {
                String name = "Raced portal " + i;
                answers.add(pool.submit(() -> {
                    go.await();
                    return admin().postJson("/api/portals", Map.of("clientId", clientId, "name", name,
                            "redirectUris", List.of(REDIRECT))).status();
                }));
            }
            go.countDown();
            List<Integer> statuses = new java.util.ArrayList<>();
            for (var answer : answers) {
                statuses.add(answer.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            assertThat(statuses).as("answers").containsOnly(201, 400).containsOnlyOnce(201);
        } finally {
            pool.shutdownNow();
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM provider_event WHERE subject = :id").param("id", clientId)
                .query(Integer.class).single()).isOne();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM oauth2_registered_client WHERE client_id = :id")
                .param("id", clientId).query(Integer.class).single()).isOne();
        admin().delete("/api/portals/" + clientId);
    }

    private record Registered(String clientId, String secret, int port) {

        OidcFlow flow(String redirect) {
            return new OidcFlow("http://localhost:" + port, clientId, secret, redirect);
        }
    }

    private Registered register(Http admin, String prefix) {
        String clientId = prefix + "-" + System.nanoTime();
        Response registered = admin.postJson("/api/portals", Map.of("clientId", clientId,
                "name", "Portal " + prefix, "redirectUris", List.of(REDIRECT)));
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        assertThat(registered.header("Cache-Control")).contains("no-store");
        return new Registered(clientId, registered.json().get("clientSecret").asText(), port);
    }

    private Http admin() {
        return Http.as(port, "demo", "demo");
    }

    private static String json(Object body) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private int userInfo(String accessToken) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/userinfo")).header("Authorization", "Bearer " + accessToken).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private String auditActor(String type, String subject) {
        return jdbc.sql("SELECT actor FROM provider_event WHERE event_type = :type AND subject = :id")
                .param("type", type).param("id", subject).query(String.class).single();
    }
}
