package org.credentialcourier.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;

import org.credentialcourier.contact.AccountStatus;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.support.Http;
import org.credentialcourier.support.OidcFlow;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * Issue #17: Courier as an OpenID Provider on two nodes behind one PostgreSQL database, as a load balancer would
 * spread a portal's requests. A member's ID token and access token issued by node a validate with the key set node b
 * publishes (and node b's user info accepts the access token); a key added on node b reaches node a, which then
 * signs with it and publishes it; a key retired on node b is no longer published by node a, and the tokens it signed
 * no longer validate there.
 */
@Tag("faults")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class PortalKeysTwoNodesTest {

    private static final String CLIENT_ID = "two-nodes-portal";
    private static final String SECRET = "secret of the two-node portal 0123456789";
    /** Never called: the test reads the code from the redirect's Location. */
    private static final String REDIRECT = "http://127.0.0.1:9/login/oauth2/code/courier";
    private static final String PASSWORD = "two nodes share one key set 8";

    @Test
    void tokensOfOneNodeValidateWithTheOtherNodesKeysAcrossARotationAndARetirement() throws Exception {
        Faults.assumePostgres();
        Map<String, String> portal = Map.of(
                "courier.portals[0].client-id", CLIENT_ID,
                "courier.portals[0].name", "Two-node portal",
                "courier.portals[0].secret-hash", "{bcrypt}" + new BCryptPasswordEncoder(4).encode(SECRET),
                "courier.portals[0].redirect-uris[0]", REDIRECT);
        try (FaultDatabase db = FaultDatabase.create("portal_keys");
             SmtpSink smtp = new SmtpSink();
             AppNode a = new AppNode("portal-keys", "node-a", db, smtp, portal);
             AppNode b = new AppNode("portal-keys", "node-b", db, smtp, portal)) {
            a.start();
            b.start();
            Contact member = activatedMember(a, smtp, db);
            OidcFlow.Member atA = new OidcFlow(base(a), CLIENT_ID, SECRET, REDIRECT).member(member);
            assertThat(atA.signIn(PASSWORD).statusCode()).as("the member signs in on node a").isEqualTo(302);

            // 1. issued by node a, validated with node b's published keys and accepted by node b's user info
            JsonNode tokens = atA.tokens();
            String idToken = tokens.get("id_token").asText();
            String accessToken = tokens.get("access_token").asText();
            String firstKey = keyId(idToken);
            assertThat(validates(idToken, b)).as("node a's ID token with node b's keys").isTrue();
            assertThat(validates(accessToken, b)).as("node a's access token with node b's keys").isTrue();
            assertThat(userInfo(b, accessToken).statusCode()).as("node b's user info, node a's access token")
                    .isEqualTo(200);
            assertThat(published(a)).as("both nodes publish the same keys").isEqualTo(published(b));

            // 2. a key added on node b: node a publishes it and signs with it (within its 30 s cache)
            Http adminAtB = b.admin();
            String csrf = adminAtB.get("/admin/portals").csrfToken();
            assertThat(adminAtB.postForm("/admin/portals/signing-keys", Map.of("_csrf", csrf)).status())
                    .isEqualTo(303);
            List<String> afterRotation = published(b);
            assertThat(afterRotation).hasSize(2).contains(firstKey);
            String newKey = afterRotation.stream().filter(id -> !id.equals(firstKey)).findFirst().orElseThrow();
            Faults.await("node a to publish the key added on node b", Duration.ofSeconds(60), Duration.ofSeconds(1),
                    () -> published(a).contains(newKey), () -> "node a publishes " + published(a));
            JsonNode rotated = atA.tokens();
            String newIdToken = rotated.get("id_token").asText();
            assertThat(keyId(newIdToken)).as("node a signs with the newest key").isEqualTo(newKey);
            assertThat(validates(newIdToken, a)).as("the new key's token with node a's keys").isTrue();
            assertThat(validates(newIdToken, b)).as("the new key's token with node b's keys").isTrue();
            assertThat(validates(idToken, a)).as("a token of the older key, still published").isTrue();

            // 3. the older key retired on node b: node a stops publishing it, its tokens stop validating there
            csrf = adminAtB.get("/admin/portals").csrfToken();
            assertThat(adminAtB.postForm("/admin/portals/signing-keys/" + firstKey + "/retire",
                    Map.of("_csrf", csrf)).status()).isEqualTo(303);
            assertThat(published(b)).containsExactly(newKey);
            Faults.await("node a to stop publishing the key retired on node b", Duration.ofSeconds(60),
                    Duration.ofSeconds(1), () -> !published(a).contains(firstKey),
                    () -> "node a publishes " + published(a));
            assertThat(validates(idToken, a)).as("a retired key's ID token with node a's keys").isFalse();
            assertThat(validates(accessToken, a)).as("a retired key's access token with node a's keys").isFalse();
            assertThat(userInfo(a, accessToken).statusCode()).as("a retired key's access token at node a")
                    .isEqualTo(401);
            assertThat(validates(newIdToken, a)).as("the signing key's token").isTrue();
            assertThat(userInfo(a, rotated.get("access_token").asText()).statusCode()).isEqualTo(200);
            db.passed();
        }
    }

    /** One contact invited through node a, its link used on node b: a member with {@link #PASSWORD}. */
    private static Contact activatedMember(AppNode a, SmtpSink smtp, FaultDatabase db) throws Exception {
        Ledger.bulkInvite(a, "keys", 1);
        Faults.await("the invitation email", Duration.ofMinutes(2), Duration.ofMillis(200),
                () -> !smtp.byInvitation(Ledger.TEMPLATE).isEmpty(), () -> "none yet");
        String token = smtp.byInvitation(Ledger.TEMPLATE).values().iterator().next().get(0).token();
        Http browser = Http.anonymous(a.port());
        Http.Response form = browser.get("/activate?token=" + token);
        assertThat(form.status()).isEqualTo(200);
        Http.Response activated = browser.postForm("/activate", Map.of("_csrf", form.csrfToken(), "token", token,
                "password", PASSWORD, "passwordConfirmation", PASSWORD));
        assertThat(activated.status()).as(activated.body()).isIn(200, 303);
        String id = db.strings("SELECT id FROM contact WHERE email = ?", "keys-1@faults.example.org").get(0);
        return new Contact(id, "keys-1@faults.example.org", "Fault", "Contact", "fr", AccountStatus.ACTIVE, null,
                null);
    }

    private static String base(AppNode node) {
        return "http://localhost:" + node.port();
    }

    private static JWKSet jwks(AppNode node) {
        try {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(base(node) + "/oauth2/jwks")).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
            return JWKSet.parse(answer.body());
        } catch (Exception e) {
            throw new AssertionError("No key set from " + node.name(), e);
        }
    }

    private static List<String> published(AppNode node) {
        return jwks(node).getKeys().stream().map(JWK::getKeyID).sorted().toList();
    }

    private static String keyId(String token) throws Exception {
        return SignedJWT.parse(token).getHeader().getKeyID();
    }

    /** As a portal validates: the key the token names, from the node's published set (public parts only). */
    private static boolean validates(String token, AppNode node) throws Exception {
        SignedJWT jwt = SignedJWT.parse(token);
        JWK key = jwks(node).getKeyByKeyId(jwt.getHeader().getKeyID());
        assertThat(key == null || !key.isPrivate()).as("a published key is public only").isTrue();
        return key != null && jwt.verify(new RSASSAVerifier(key.toRSAKey()));
    }

    private static HttpResponse<String> userInfo(AppNode node, String accessToken) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base(node) + "/userinfo"))
                .header("Authorization", "Bearer " + accessToken).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
