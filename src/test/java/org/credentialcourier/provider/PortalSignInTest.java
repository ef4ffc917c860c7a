package org.credentialcourier.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.credentialcourier.support.OidcFlow.challenge;
import static org.credentialcourier.support.OidcFlow.csrf;
import static org.credentialcourier.support.OidcFlow.verifier;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;

import example.portal.ExamplePortal;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.credential.AccountPasswords;
import org.credentialcourier.mail.EmbeddedMailbox;
import org.credentialcourier.people.PersonActions;
import org.credentialcourier.support.CourierTest;
import org.credentialcourier.support.HeadlessChromium;
import org.credentialcourier.support.OidcFlow;
import org.credentialcourier.support.OidcFlow.Member;
import org.credentialcourier.support.Scenario;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Courier as the OpenID Provider of a real portal: {@link ExamplePortal}, a separate Spring Boot application with
 * Spring Security's OAuth2 client, on a port of its own (127.0.0.1, so its cookies are not Courier's, on localhost).
 * In headless Chromium from the invitation email through activation to the portal showing the member's claims, and
 * back out; over plain HTTP the refusals (a wrong redirect address, no PKCE, a code used twice, a disabled account, a
 * refresh token used twice or after a new password), discovery and a token verified with the published keys.
 */
@CourierTest
@TestPropertySource(properties = {
        // a second application context: its engine must not take the name of the first one's (see SendingLimitTest)
        "camunda.bpm.process-engine-name=portalSignInTest"})
class PortalSignInTest {

    private static final int COURIER_PORT = freePort();
    private static final int PORTAL_PORT = freePort();
    private static final String COURIER = "http://localhost:" + COURIER_PORT;
    private static final String PORTAL = "http://127.0.0.1:" + PORTAL_PORT;
    private static final String CLIENT_ID = "example-portal";
    private static final String SECRET = "portal secret of the tests 0123456789";
    private static final String REDIRECT = PORTAL + "/login/oauth2/code/" + ExamplePortal.REGISTRATION;
    private static final String PASSWORD = "amber meadow lantern 7";
    private static final Path SCREENSHOTS = Path.of("target", "portal");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final OidcFlow FLOW = new OidcFlow(COURIER, CLIENT_ID, SECRET, REDIRECT);

    private static ConfigurableApplicationContext portal;

    @DynamicPropertySource
    static void courierAndPortal(DynamicPropertyRegistry settings) {
        // a known port: the issuer (the public base URL) must be the address the portal and the browser reach
        settings.add("server.port", () -> COURIER_PORT);
        settings.add("courier.public-base-url", () -> COURIER);
        settings.add("courier.portals[0].client-id", () -> CLIENT_ID);
        settings.add("courier.portals[0].name", () -> "Example portal");
        settings.add("courier.portals[0].secret-hash", () -> "{bcrypt}" + new BCryptPasswordEncoder(4).encode(SECRET));
        settings.add("courier.portals[0].redirect-uris[0]", () -> REDIRECT);
        settings.add("courier.portals[0].post-logout-redirect-uris[0]", () -> PORTAL + "/signed-out");
        settings.add("courier.portals[0].start-page", () -> PORTAL + "/members");
    }

    @Autowired Scenario scenario;
    @Autowired PersonActions people;
    @Autowired AccountPasswords passwords;
    @Autowired JdbcClient jdbc;

    @BeforeEach
    void portalRunning() {
        if (portal == null) {
            portal = ExamplePortal.start(PORTAL_PORT, COURIER, CLIENT_ID, SECRET);
        }
    }

    @AfterAll
    static void stopPortal() {
        if (portal != null) {
            portal.close();
            portal = null;
        }
    }

    @Test
    void fromTheInvitationEmailToThePortalAndBackOut() throws Exception {
        String missing = HeadlessChromium.whyNot();
        Assumptions.assumeTrue(missing == null, missing);
        Files.createDirectories(SCREENSHOTS);
        Contact contact = scenario.newContact();
        scenario.inviteAndDeliver(contact);
        // the email names the portal the credentials open, with its address
        assertThat(Scenario.text(scenario.lastMail(contact.email())))
                .contains("Your account then opens Example portal: " + PORTAL + "/members");
        assertThat(EmbeddedMailbox.textPart(scenario.lastMail(contact.email()), "text/html"))
                .contains("Your account then opens Example portal:", "href=\"" + PORTAL + "/members\"");
        Path email = SCREENSHOTS.resolve("invitation-email.html").toAbsolutePath();
        Files.writeString(email, EmbeddedMailbox.textPart(scenario.lastMail(contact.email()), "text/html"),
                StandardCharsets.UTF_8);

        WebDriver browser = HeadlessChromium.start(1366, 900);
        try {
            browser.get(email.toUri().toString());
            browser.findElement(By.linkText("Activate my account")).click();
            browser.findElement(By.name("password")).sendKeys(PASSWORD);
            browser.findElement(By.name("passwordConfirmation")).sendKeys(PASSWORD);
            screenshot(browser, "1-activation");
            browser.findElement(By.cssSelector("button[type=submit]")).click();

            // the one portal's start page asks Courier who this is: Courier's sign-in page
            arrivedAt(browser, COURIER + "/sign-in");
            assertThat(browser.findElement(By.cssSelector("p.portal")).getText())
                    .isEqualTo("Then you go on to Example portal.");
            browser.findElement(By.id("email")).sendKeys(contact.email());
            browser.findElement(By.id("password")).sendKeys(PASSWORD);
            screenshot(browser, "2-sign-in");
            browser.findElement(By.cssSelector("button[type=submit]")).click();

            // back at the page the portal was asked for (Spring Security adds its "continue" marker)
            arrivedAt(browser, PORTAL + "/members");
            screenshot(browser, "3-portal");
            assertThat(browser.findElement(By.tagName("h1")).getText())
                    .isEqualTo("Welcome, " + contact.firstName() + " " + contact.lastName());
            assertThat(claim(browser, "sub")).isEqualTo(contact.id());
            assertThat(claim(browser, "email")).isEqualTo(contact.email());
            assertThat(claim(browser, "email_verified")).isEqualTo("true");
            assertThat(claim(browser, "locale")).isEqualTo(contact.locale());
            assertThat(claim(browser, "iss")).isEqualTo(COURIER);

            browser.findElement(By.id("sign-out")).click();
            arrivedAt(browser, PORTAL + "/signed-out");
            screenshot(browser, "4-signed-out");
            // signed out at Courier too: its account page asks for the password again
            browser.get(COURIER + "/account");
            arrivedAt(browser, COURIER + "/sign-in");
        } finally {
            browser.quit();
        }
    }

    @Test
    void discoveryNamesTheEndpointsAndTheIdTokenVerifiesWithThePublishedKeys() throws Exception {
        JsonNode discovery = JSON.readTree(get(COURIER + "/.well-known/openid-configuration").body());
        assertThat(discovery.get("issuer").asText()).isEqualTo(COURIER);
        assertThat(discovery.get("authorization_endpoint").asText()).isEqualTo(COURIER + "/oauth2/authorize");
        assertThat(discovery.get("token_endpoint").asText()).isEqualTo(COURIER + "/oauth2/token");
        assertThat(discovery.get("end_session_endpoint").asText()).isEqualTo(COURIER + "/connect/logout");
        assertThat(discovery.get("id_token_signing_alg_values_supported").toString()).contains("RS256");
        JWKSet published = JWKSet.parse(get(discovery.get("jwks_uri").asText()).body());
        assertThat(published.getKeys()).isNotEmpty().allSatisfy(key -> assertThat(key.isPrivate()).isFalse());

        Member member = activeMember();
        JsonNode tokens = member.tokens();
        SignedJWT idToken = SignedJWT.parse(tokens.get("id_token").asText());
        RSAKey key = (RSAKey) published.getKeyByKeyId(idToken.getHeader().getKeyID());
        assertThat(key).as("the ID token's key is published").isNotNull();
        assertThat(idToken.verify(new RSASSAVerifier(key))).isTrue();
        assertThat(idToken.getJWTClaimsSet().getSubject()).isEqualTo(member.contact.id());
        assertThat(idToken.getJWTClaimsSet().getAudience()).containsExactly(CLIENT_ID);
        assertThat(idToken.getJWTClaimsSet().getStringClaim("name"))
                .isEqualTo(member.contact.firstName() + " " + member.contact.lastName());
        assertThat(idToken.getJWTClaimsSet().getBooleanClaim("email_verified")).isTrue();

        // user info with the access token tells the same
        HttpResponse<String> userInfo = send(HttpRequest.newBuilder(URI.create(COURIER + "/userinfo"))
                .header("Authorization", "Bearer " + tokens.get("access_token").asText()).GET().build());
        assertThat(userInfo.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(userInfo.body()).get("email").asText()).isEqualTo(member.contact.email());
    }

    /** A portal of the settings is changed there only: the API answers 409, the console has no page for it. */
    @Test
    void aPortalOfTheSettingsIsNotChangedInTheConsoleOrOverRest() throws Exception {
        org.credentialcourier.support.Http admin = org.credentialcourier.support.Http.as(COURIER_PORT, "demo", "demo");
        String body = JSON.writeValueAsString(Map.of("name", "Taken over", "redirectUris", java.util.List.of(REDIRECT)));
        assertThat(admin.put("/api/portals/" + CLIENT_ID, body).status()).isEqualTo(409);
        assertThat(admin.postEmpty("/api/portals/" + CLIENT_ID + "/secret").status()).isEqualTo(409);
        assertThat(admin.delete("/api/portals/" + CLIENT_ID).status()).isEqualTo(409);
        assertThat(admin.get("/admin/portals/" + CLIENT_ID).status()).isEqualTo(404);
        assertThat(admin.get("/api/portals").body()).contains("\"registeredIn\":\"settings\"");
        // the portal still works with its secret
        assertThat(activeMember().tokens().get("id_token").asText()).isNotBlank();
    }

    @Test
    void aRedirectAddressThatIsNotRegisteredExactlyIsRefused() throws Exception {
        Member member = activeMember();
        for (String wrong : new String[] {REDIRECT + "/", REDIRECT + "?next=x", "http://127.0.0.1:1/elsewhere"}) {
            HttpResponse<String> answer = member.authorize(wrong, challenge(verifier()));
            assertThat(answer.statusCode()).as(wrong).isEqualTo(400);
            assertThat(answer.headers().firstValue("Location")).as(wrong).isEmpty();
        }
    }

    @Test
    void withoutPkceThereIsNoCodeAndWithoutTheVerifierNoToken() throws Exception {
        Member member = activeMember();
        HttpResponse<String> noChallenge = member.authorize(REDIRECT, null);
        assertThat(noChallenge.statusCode()).isEqualTo(302);
        assertThat(noChallenge.headers().firstValue("Location").orElseThrow())
                .startsWith(REDIRECT + "?error=invalid_request").doesNotContain("code=");

        String verifier = verifier();
        String code = member.code(verifier);
        HttpResponse<String> noVerifier = tokenRequest(Map.of("grant_type", "authorization_code", "code", code,
                "redirect_uri", REDIRECT));
        assertThat(noVerifier.statusCode()).isEqualTo(400);
        assertThat(noVerifier.body()).contains("invalid_grant");
        HttpResponse<String> wrongVerifier = member.exchange(code, verifier());
        assertThat(wrongVerifier.statusCode()).isEqualTo(400);
    }

    /**
     * A code past its lifetime (five minutes) is refused like a used one: here its expiry is moved to a millisecond
     * after it was issued, which has passed.
     */
    @Test
    void anExpiredCodeIsRefused() throws Exception {
        Member member = activeMember();
        String verifier = verifier();
        String code = member.code(verifier);
        java.sql.Timestamp issued = jdbc.sql("SELECT authorization_code_issued_at FROM oauth2_authorization"
                        + " WHERE principal_name = :member AND authorization_code_value IS NOT NULL")
                .param("member", member.contact.id()).query(java.sql.Timestamp.class).single();
        java.time.Instant expired = issued.toInstant().plusMillis(1);
        jdbc.sql("UPDATE oauth2_authorization SET authorization_code_expires_at = :expired"
                        + " WHERE principal_name = :member AND authorization_code_value IS NOT NULL")
                .param("expired", java.sql.Timestamp.from(expired)).param("member", member.contact.id()).update();
        assertThat(java.time.Instant.now()).isAfter(expired);

        HttpResponse<String> late = member.exchange(code, verifier);
        assertThat(late.statusCode()).as(late.body()).isEqualTo(400);
        assertThat(late.body()).contains("invalid_grant");
    }

    @Test
    void aCodeWorksOnceAndItsTokensEndWhenItIsUsedAgain() throws Exception {
        Member member = activeMember();
        String verifier = verifier();
        String code = member.code(verifier);
        HttpResponse<String> first = member.exchange(code, verifier);
        assertThat(first.statusCode()).isEqualTo(200);
        HttpResponse<String> again = member.exchange(code, verifier);
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.body()).contains("invalid_grant");
        // the refresh token given for the code is void now too (RFC 6749 §4.1.2)
        assertThat(refresh(JSON.readTree(first.body()).get("refresh_token").asText()).statusCode()).isEqualTo(400);
    }

    @Test
    void aRefreshTokenWorksOnceAndEveryUseGivesANewOne() throws Exception {
        JsonNode tokens = activeMember().tokens();
        String first = tokens.get("refresh_token").asText();
        HttpResponse<String> renewed = refresh(first);
        assertThat(renewed.statusCode()).isEqualTo(200);
        String second = JSON.readTree(renewed.body()).get("refresh_token").asText();
        assertThat(second).isNotEqualTo(first);
        assertThat(refresh(first).statusCode()).isEqualTo(400);
        assertThat(refresh(second).statusCode()).isEqualTo(200);
    }

    @Test
    void theDatabaseKeepsOnlyDigestsOfTheTokens() throws Exception {
        JsonNode tokens = activeMember().tokens();
        for (String kind : new String[] {"access_token", "refresh_token", "id_token"}) {
            String value = tokens.get(kind).asText();
            String column = "id_token".equals(kind) ? "oidc_id_token_value" : kind + "_value";
            assertThat(jdbc.sql("SELECT COUNT(*) FROM oauth2_authorization WHERE " + column + " = :value")
                    .param("value", value).query(Integer.class).single()).as(kind + " as issued").isZero();
            assertThat(jdbc.sql("SELECT COUNT(*) FROM oauth2_authorization WHERE " + column + " = :value")
                    .param("value", TokenDigestAuthorizations.digest(value)).query(Integer.class).single())
                    .as(kind + " as a digest").isOne();
        }
    }

    @Test
    void aNewPasswordEndsThePortalsRefreshTokens() throws Exception {
        Member member = activeMember();
        String refreshToken = member.tokens().get("refresh_token").asText();
        passwords.setChosenPassword(member.contact.id(), "a completely new passphrase 9");
        assertThat(refresh(refreshToken).statusCode()).isEqualTo(400);
    }

    @Test
    void aDisabledAccountGetsNoTokenAndItsRefreshTokensEnd() throws Exception {
        Member member = activeMember();
        String refreshToken = member.tokens().get("refresh_token").asText();
        String verifier = verifier();
        String code = member.code(verifier);
        people.disable(member.contact.id(), "demo");
        assertThat(member.exchange(code, verifier).statusCode()).isEqualTo(400);
        assertThat(refresh(refreshToken).statusCode()).isEqualTo(400);
        // and the member's session ended with it: the portal's request goes to the sign-in page
        HttpResponse<String> authorize = member.authorize(REDIRECT, challenge(verifier()));
        assertThat(authorize.statusCode()).isEqualTo(302);
        assertThat(authorize.headers().firstValue("Location").orElseThrow()).isEqualTo("/sign-in");
    }

    @Test
    void aTemporaryPasswordIsChangedBeforeThePortalHearsOfTheMember() throws Exception {
        Contact contact = scenario.activeContact();
        passwords.setTemporaryPassword(contact.id(), "temporary password 12345");
        Member member = FLOW.member(contact);
        member.authorize(REDIRECT, challenge(verifier()));
        HttpResponse<String> signedIn = member.signIn("temporary password 12345");
        assertThat(signedIn.headers().firstValue("Location").orElseThrow()).isEqualTo("/change-password");
        HttpResponse<String> stillNoCode = member.authorize(REDIRECT, challenge(verifier()));
        assertThat(stillNoCode.headers().firstValue("Location").orElseThrow()).isEqualTo("/sign-in");

        HttpResponse<String> form = member.get("/change-password");
        HttpResponse<String> changed = member.post("/change-password", Map.of("password", PASSWORD,
                "passwordConfirmation", PASSWORD, "_csrf", csrf(form.body())));
        // back to the portal's request, which now gives a code
        String next = changed.headers().firstValue("Location").orElseThrow();
        assertThat(next).startsWith("/oauth2/authorize?");
        HttpResponse<String> code = member.get(next);
        assertThat(code.headers().firstValue("Location").orElseThrow()).startsWith(REDIRECT + "?code=");
    }

    private Member activeMember() throws Exception {
        Member member = FLOW.member(scenario.activeContact());
        assertThat(member.signIn(Scenario.MEMBER_PASSWORD).statusCode()).isEqualTo(302);
        return member;
    }

    private static HttpResponse<String> refresh(String refreshToken) throws Exception {
        return FLOW.refresh(refreshToken);
    }

    /**
     * Each wrong secret costs the server a bcrypt hash: past a budget of failures an address is refused before any
     * secret is checked, and another address (the portal's own) keeps working.
     */
    @Test
    void guessingAPortalsSecretIsSlowedDownPerAddress() throws Exception {
        String guesser = "203.0.113.201";
        for (int i = 0; i < PortalSecretThrottle.FAILURES; i++) {
            HttpResponse<String> guess = tokenFrom(guesser, "wrong secret " + i);
            assertThat(guess.statusCode()).as("guess %d: %s", i, guess.body()).isEqualTo(401);
        }
        HttpResponse<String> refused = tokenFrom(guesser, SECRET);
        assertThat(refused.statusCode()).as("even the right secret, from that address, for now").isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(refused.body()).contains("\"error\":\"slow_down\"");

        HttpResponse<String> portal = tokenFrom("203.0.113.202", SECRET);
        assertThat(portal.statusCode()).as("the portal's own address: authenticated, the grant is what is wrong")
                .isEqualTo(400);
        assertThat(portal.body()).contains("invalid_grant");
    }

    /** A token request with this secret from {@code address} (as the reverse proxy of the test profile reports it). */
    private static HttpResponse<String> tokenFrom(String address, String secret) throws Exception {
        String basic = java.util.Base64.getEncoder().encodeToString((CLIENT_ID + ":" + secret)
                .getBytes(StandardCharsets.UTF_8));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(COURIER + "/oauth2/token"))
                .header("Authorization", "Basic " + basic).header("X-Forwarded-For", address)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&refresh_token=not-one")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> tokenRequest(Map<String, String> fields) throws Exception {
        return FLOW.tokenRequest(fields);
    }

    private static HttpResponse<String> get(String url) throws Exception {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(url)).GET().build());
        assertThat(answer.statusCode()).as(url).isEqualTo(200);
        return answer;
    }

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Waits for the redirects after a click to end at this address (a click returns before they all have). */
    private static void arrivedAt(WebDriver browser, String address) {
        try {
            new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.urlMatches(
                    "^" + Pattern.quote(address) + "([?#].*)?$"));
        } catch (TimeoutException e) {
            assertThat(browser.getCurrentUrl()).as("where the browser is").startsWith(address);
        }
    }

    private static String claim(WebDriver browser, String name) {
        return browser.findElement(By.id("claim-" + name)).getText();
    }

    private static void screenshot(WebDriver browser, String name) throws IOException {
        Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
