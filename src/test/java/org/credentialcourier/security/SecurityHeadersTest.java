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
    @ValueSource(strings = {"/sign-in", "/forgot-password", "/activate?token=unknown", "/reset-password?token=x"})
    void memberPagesAllowNoScriptNoFramingAndNoReferrer(String path) {
        Response page = Http.anonymous(port).get(path);
        assertThat(page.header("Content-Security-Policy")).contains("default-src 'none'", "frame-ancestors 'none'")
                .doesNotContain("script-src");
        expectNoFramingNoReferrer(page);
        assertThat(page.body()).doesNotContain("<script");
    }

    /** The console runs its own script file (Copy, the browser's time zone) and nothing inline or from elsewhere. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/admin/contacts", "/admin/settings", "/admin/mailbox", "/admin/audit"})
    void consolePagesAllowTheirOwnScriptFileOnly(String path) {
        Response page = Http.as(port, "demo", "demo").get(path);
        String policy = page.header("Content-Security-Policy");
        assertThat(policy).contains("default-src 'none'", "frame-ancestors 'none'", "script-src 'self'")
                .doesNotContain("unsafe-inline", "unsafe-eval", "http:", "https:", "*");
        expectNoFramingNoReferrer(page);
        assertThat(page.body().split("<script", -1)).as("one script element").hasSize(2);
        assertThat(page.body()).contains("<script src=\"/js/console.js\" defer></script>");

        Response script = Http.anonymous(port).get("/js/console.js");
        assertThat(script.status()).isEqualTo(200);
        assertThat(script.header("Content-Type")).startsWith("text/javascript");
        assertThat(script.header("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    private static void expectNoFramingNoReferrer(Response page) {
        assertThat(page.header("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
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
