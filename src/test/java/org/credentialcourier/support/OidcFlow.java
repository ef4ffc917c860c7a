package org.credentialcourier.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.credentialcourier.contact.Contact;

/**
 * The authorization code flow with PKCE by hand, as a portal and a member's browser would make it against Courier's
 * OpenID Provider: the member's sign-in and authorization request (the browser: its own cookies, no redirects
 * followed) and the portal's back channel to the token endpoint with its client secret.
 */
public final class OidcFlow {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String courier;
    private final String clientId;
    private final String secret;
    private final String redirect;

    /** {@code courier}: Courier's base address, e.g. {@code http://localhost:8080}. */
    public OidcFlow(String courier, String clientId, String secret, String redirect) {
        this.courier = courier;
        this.clientId = clientId;
        this.secret = secret;
        this.redirect = redirect;
    }

    public Member member(Contact contact) {
        return new Member(contact);
    }

    /** A member's browser at Courier. */
    public final class Member {

        public final Contact contact;
        private final HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

        private Member(Contact contact) {
            this.contact = contact;
        }

        public HttpResponse<String> signIn(String password) throws Exception {
            HttpResponse<String> form = get("/sign-in");
            return post("/sign-in", Map.of("email", contact.email(), "password", password, "_csrf",
                    csrf(form.body())));
        }

        /** The authorization request, with this PKCE challenge (none when null). */
        public HttpResponse<String> authorize(String redirectUri, String challenge) throws Exception {
            Map<String, String> query = new LinkedHashMap<>(Map.of("response_type", "code", "client_id", clientId,
                    "redirect_uri", redirectUri, "scope", "openid profile email", "state", "state-1"));
            if (challenge != null) {
                query.put("code_challenge", challenge);
                query.put("code_challenge_method", "S256");
            }
            return browser.send(HttpRequest.newBuilder(URI.create(courier + "/oauth2/authorize?" + form(query)))
                    .header("Accept", "text/html").GET().build(), HttpResponse.BodyHandlers.ofString());
        }

        /** A code for the registered redirect address, bound to this verifier's challenge. */
        public String code(String verifier) throws Exception {
            String location = authorize(redirect, challenge(verifier)).headers().firstValue("Location").orElseThrow();
            assertThat(location).startsWith(redirect + "?code=");
            Matcher code = Pattern.compile("[?&]code=([^&]+)").matcher(location);
            assertThat(code.find()).isTrue();
            return URLDecoder.decode(code.group(1), StandardCharsets.UTF_8);
        }

        public HttpResponse<String> exchange(String code, String verifier) throws Exception {
            return tokenRequest(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", redirect,
                    "code_verifier", verifier));
        }

        /** A fresh code exchanged: the token response. */
        public JsonNode tokens() throws Exception {
            String verifier = verifier();
            HttpResponse<String> answer = exchange(code(verifier), verifier);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            return JSON.readTree(answer.body());
        }

        public HttpResponse<String> get(String path) throws Exception {
            return browser.send(HttpRequest.newBuilder(URI.create(courier + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        public HttpResponse<String> post(String path, Map<String, String> fields) throws Exception {
            return browser.send(HttpRequest.newBuilder(URI.create(courier + path))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(form(fields))).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    public HttpResponse<String> refresh(String refreshToken) throws Exception {
        return tokenRequest(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken));
    }

    /** The portal's back channel: the token endpoint with the client secret (HTTP Basic). */
    public HttpResponse<String> tokenRequest(Map<String, String> fields) throws Exception {
        return tokenRequest(fields, secret);
    }

    public HttpResponse<String> tokenRequest(Map<String, String> fields, String clientSecret) throws Exception {
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + clientSecret)
                .getBytes(StandardCharsets.UTF_8));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(courier + "/oauth2/token"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(fields))).build(), HttpResponse.BodyHandlers.ofString());
    }

    public static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8)
                + "=" + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    public static String csrf(String page) {
        Matcher token = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page);
        assertThat(token.find()).as("a CSRF token in the page").isTrue();
        return token.group(1);
    }

    public static String verifier() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    public static String challenge(String verifier) throws Exception {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    }
}
