package org.credentialcourier.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.credentialcourier.support.CourierTest;
import org.credentialcourier.support.Http;
import org.credentialcourier.support.Http.Response;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.junit.jupiter.api.Test;

/** The headers every page of the application carries, and the webapps' own. */
@CourierTest
class SecurityHeadersTest {

    @LocalServerPort int port;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/sign-in", "/forgot-password", "/activate?token=unknown", "/reset-password?token=x",
            "/admin/mailbox"})
    void pagesAllowNoScriptNoFramingAndNoReferrer(String path) {
        Response page = (path.startsWith("/admin") ? Http.as(port, "demo", "demo") : Http.anonymous(port)).get(path);
        assertThat(page.header("Content-Security-Policy")).contains("default-src 'none'", "frame-ancestors 'none'")
                .doesNotContain("script-src");
        assertThat(page.header("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(page.body()).doesNotContain("<script");
    }

    @Test
    void theWebappsKeepTheirOwnHeaders() {
        Response tasklist = Http.anonymous(port).get("/camunda/app/tasklist/default/");
        assertThat(tasklist.status()).isEqualTo(200);
        assertThat(tasklist.header("Content-Security-Policy")).as("Camunda's own policy").contains("script-src");
    }

    @Test
    void sessionCookiesAreHttpOnlyAndSameSite() {
        Response page = Http.anonymous(port).get("/sign-in");
        String cookie = page.raw().headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("JSESSIONID")).findFirst().orElseThrow();
        assertThat(cookie).contains("HttpOnly").containsIgnoringCase("SameSite=Lax");
    }
}
