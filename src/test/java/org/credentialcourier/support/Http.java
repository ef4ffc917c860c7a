package org.credentialcourier.support;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A real HTTP client against the application on its port: a browser's cookies, an API client's Basic sign-in. */
public final class Http {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final String base;
    private final String authorization;
    private final HttpClient client;
    private final CookieManager cookies = new CookieManager();

    private final String forwardedFor;

    private Http(int port, String authorization, String forwardedFor) {
        this.base = "http://localhost:" + port;
        this.forwardedFor = forwardedFor;
        this.authorization = authorization;
        this.client = HttpClient.newBuilder().cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** A client signed in with HTTP Basic. */
    public static Http as(int port, String user, String password) {
        String credentials = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return new Http(port, "Basic " + credentials, null);
    }

    /** This client with a cookie for every path of the site, as a page's script would set it. */
    public Http withCookie(String name, String value) {
        java.net.HttpCookie cookie = new java.net.HttpCookie(name, value);
        cookie.setPath("/");
        cookie.setVersion(0);
        cookies.getCookieStore().add(java.net.URI.create(base + "/"), cookie);
        return this;
    }

    /** A client that signs in as nobody, like a member's browser. */
    public static Http anonymous(int port) {
        return new Http(port, null, null);
    }

    /**
     * A browser at another client address, as a reverse proxy on loopback reports it ({@code X-Forwarded-For}, which
     * the server believes from {@code courier.requests.trusted-proxies} only: the test profile lists loopback): a
     * client of its own for the per-client limits.
     */
    public static Http anonymousFrom(String clientAddress, int port) {
        return new Http(port, null, clientAddress);
    }

    /** A response: status, body, headers. */
    public record Response(int status, String body, HttpResponse<String> raw) {

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("Not JSON: " + body, e);
            }
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        public String csrfToken() {
            Matcher matcher = CSRF.matcher(body);
            if (!matcher.find()) {
                throw new AssertionError("No CSRF token in the page: " + body);
            }
            return matcher.group(1);
        }
    }

    public Response get(String path) {
        return send(request(path).GET());
    }

    /** A GET with more headers, names and values in turn: e.g. a browser's {@code Accept: text/html}. */
    public Response getWith(String path, String... headers) {
        return send(request(path).GET().headers(headers));
    }

    public Response postJson(String path, Object body) {
        try {
            String json = body instanceof String s ? s : JSON.writeValueAsString(body);
            return post(path, "application/json", BodyPublishers.ofString(json));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public Response post(String path, String contentType, BodyPublisher body) {
        var request = request(path).POST(body);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request);
    }

    /** A PUT of a JSON body, as the engine's REST API takes variable and job updates. */
    public Response put(String path, String json) {
        return send(request(path).PUT(BodyPublishers.ofString(json)).header("Content-Type", "application/json"));
    }

    /** A PATCH of a JSON body (a map or the JSON itself), as {@code PATCH /api/contacts/{id}} takes it. */
    public Response patchJson(String path, Object body) {
        try {
            String json = body instanceof String s ? s : JSON.writeValueAsString(body);
            return send(request(path).method("PATCH", BodyPublishers.ofString(json))
                    .header("Content-Type", "application/json"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public Response delete(String path) {
        return send(request(path).DELETE());
    }

    public Response postEmpty(String path) {
        return send(request(path).POST(BodyPublishers.noBody()));
    }

    public Response postForm(String path, Map<String, String> fields) {
        String form = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return post(path, "application/x-www-form-urlencoded", BodyPublishers.ofString(form));
    }

    private HttpRequest.Builder request(String path) {
        var builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        if (forwardedFor != null) {
            builder.header("X-Forwarded-For", forwardedFor);
        }
        return builder;
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = client.send(request.build(), BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
