package org.credentialcourier.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.credentialcourier.console.ConsolePageChecks.LAPTOP;
import static org.credentialcourier.console.ConsolePageChecks.PHONE;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.camunda.bpm.engine.IdentityService;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.support.CourierTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chromium.HasCdp;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The audit page and an admin's time zone in headless Chromium, on a laptop (1366×768) and a phone's width (390 px):
 * an admin of its own (so that no other test sees its zone) picks Europe/Paris in the header's "Time zone" link and
 * sees the audit's times move (UTC on hover, the instant in {@code datetime}), then filters the audit by who and
 * what, and finds the export link carrying the filter. Screenshots go to {@code target/audit/<width>-<step>.png}.
 */
@CourierTest
class AuditBrowserTest {

    private static final Path SCREENSHOTS = Path.of("target", "audit");
    private static final String PASSWORD = "a long audit browser password";

    private static WebDriver browser;
    private static WebDriverWait wait;
    private static String admin;

    @LocalServerPort int port;
    @Autowired ConsoleFixtures fixtures;
    @Autowired IdentityService identity;
    @Autowired JdbcTemplate jdbc;

    /** One browser and one admin for the class, made by its first test: no browser where Chromium is missing. */
    @BeforeEach
    void signIn() throws IOException {
        if (browser == null) {
            browser = ConsolePageChecks.start(SCREENSHOTS);
            wait = ConsolePageChecks.waitFor(browser);
            admin = ConsoleFixtures.marker("browsing");
            var user = identity.newUser(admin);
            user.setPassword(PASSWORD);
            identity.saveUser(user);
            identity.createMembership(admin, "credential-admins");
        }
        // each width starts from the default zone, as a new admin does
        jdbc.update("DELETE FROM admin_preference WHERE admin_id = ?", admin);
        ConsolePageChecks.signIn(browser, wait, port, admin, PASSWORD);
    }

    @AfterAll
    static void quitBrowser() {
        Optional.ofNullable(browser).ifPresent(WebDriver::quit);
        browser = null;
    }

    @AfterEach
    void laptopAgain() {
        if (browser != null) {
            ConsolePageChecks.narrowTo(browser, LAPTOP);
        }
    }

    @ParameterizedTest(name = "{0} px wide")
    @ValueSource(ints = {LAPTOP, PHONE})
    void chooseATimeZoneThenFilterTheAudit(int width) {
        Contact ada = fixtures.contact("Ada", ConsoleFixtures.marker("Audited"));
        Contact bob = fixtures.contact("Bob", ConsoleFixtures.marker("Audited"));
        // 23:30 UTC on 12 January is 00:30 on the 13th in Paris
        event(ada, "RESET_LINK_REQUESTED", "2026-01-12T23:30:00Z");
        event(bob, "PASSWORD_EMAILED", "2026-01-12T10:00:00Z");
        ConsolePageChecks.narrowTo(browser, width);
        ConsolePageChecks.step(browser, SCREENSHOTS, width, "time-zone", () -> {
            WebElement zoneLink = browser.findElement(By.id("zone-link"));
            assertThat(zoneLink.getText()).isEqualTo("Time zone: UTC");
            zoneLink.click();
            wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Settings"));
            ConsolePageChecks.expectWellFormed(browser, width);
            screenshot(width, "settings");
            new Select(byLabel("Time zone")).selectByValue("Europe/Paris");
            browser.findElement(By.xpath("//button[normalize-space()='Save']")).click();
            WebElement notice = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".notice")));
            assertThat(notice.getText()).isEqualTo("Times are now shown in Europe/Paris.");
            assertThat(browser.findElement(By.id("zone-link")).getText()).isEqualTo("Time zone: Europe/Paris");
            assertThat(new Select(byLabel("Time zone")).getFirstSelectedOption().getAttribute("value"))
                    .isEqualTo("Europe/Paris");
            ConsolePageChecks.expectWellFormed(browser, width);
            screenshot(width, "settings-saved");
        });
        ConsolePageChecks.step(browser, SCREENSHOTS, width, "audit", () -> {
            browser.findElement(By.xpath("//nav[@aria-label='Console']//a[normalize-space()='Audit']")).click();
            wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Audit"));
            ConsolePageChecks.expectWellFormed(browser, width);
            screenshot(width, "audit");

            new Select(byLabel("Who")).selectByValue(admin);
            byLabel("Contact (name or email)").sendKeys(ada.lastName());
            day(byLabel("From (Europe/Paris)"), "2026-01-13");
            day(byLabel("Until (Europe/Paris)"), "2026-01-13");
            browser.findElement(By.xpath("//button[normalize-space()='Apply']")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("list-summary"),
                    "1 action matching the filter"));
            assertThat(browser.getCurrentUrl()).contains("admin=" + admin, "q=" + ada.lastName(), "from=2026-01-13",
                    "to=2026-01-13");
            List<WebElement> lines = browser.findElements(By.cssSelector("#audit tbody tr"));
            assertThat(lines).hasSize(1);
            WebElement time = lines.get(0).findElement(By.tagName("time"));
            assertThat(time.getText()).isEqualTo("2026-01-13 00:30 CET");
            assertThat(time.getAttribute("title")).isEqualTo("2026-01-12 23:30:00 UTC");
            assertThat(time.getAttribute("datetime")).isEqualTo("2026-01-12T23:30:00Z");
            assertThat(lines.get(0).getText()).contains("Reset link requested", "Ada", admin);
            ConsolePageChecks.expectWellFormed(browser, width);
            screenshot(width, "audit-filtered");

            new Select(byLabel("Action")).selectByValue("password-emailed");
            byLabel("Contact (name or email)").clear();
            day(byLabel("From (Europe/Paris)"), "");
            day(byLabel("Until (Europe/Paris)"), "");
            browser.findElement(By.xpath("//button[normalize-space()='Apply']")).click();
            wait.until(ExpectedConditions.urlContains("action=password-emailed"));
            assertThat(browser.findElements(By.cssSelector("#audit tbody tr")))
                    .allMatch(tr -> tr.getText().contains("New password emailed"))
                    .anyMatch(tr -> tr.getText().contains(bob.email()));
            assertThat(browser.findElement(By.id("export")).getAttribute("href"))
                    .contains("/admin/audit/export.csv?", "admin=" + admin, "action=password-emailed");

            browser.findElement(By.id("clear-filters")).click();
            wait.until(ExpectedConditions.urlMatches(".*/admin/audit$"));
        });
    }

    /**
     * An admin who chose no zone sees the browser's: the console's script reports it (a cookie) and draws the first
     * page once more in it. A zone chosen in Settings wins; choosing none again follows the browser again.
     */
    @Test
    void withoutAChoiceTheConsoleFollowsTheBrowsersZone() {
        HasCdp chromium = (HasCdp) browser;
        chromium.executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", "Asia/Tokyo"));
        try {
            browser.get("http://localhost:" + port + "/admin/settings");
            wait.until(ExpectedConditions.textToBe(By.id("current-zone"), "Asia/Tokyo"));
            assertThat(browser.findElement(By.id("zone-link")).getText()).isEqualTo("Time zone: Asia/Tokyo");
            assertThat(browser.findElement(By.tagName("main")).getText()).contains("(following your browser)");
            ConsolePageChecks.expectWellFormed(browser, LAPTOP);
            screenshot(LAPTOP, "settings-browser-zone");

            new Select(byLabel("Time zone")).selectByValue("Europe/Paris");
            browser.findElement(By.xpath("//button[normalize-space()='Save']")).click();
            wait.until(ExpectedConditions.textToBe(By.id("current-zone"), "Europe/Paris"));
            assertThat(browser.findElement(By.tagName("main")).getText()).doesNotContain("following your browser");

            new Select(byLabel("Time zone")).selectByValue("");
            browser.findElement(By.xpath("//button[normalize-space()='Save']")).click();
            wait.until(ExpectedConditions.textToBe(By.id("current-zone"), "Asia/Tokyo"));
        } finally {
            chromium.executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", ""));
            browser.manage().deleteCookieNamed("courier-tz");
        }
    }

    private void event(Contact contact, String type, String at) {
        jdbc.update("INSERT INTO contact_event (contact_id, event_type, actor, occurred_at) VALUES (?, ?, ?, ?)",
                contact.id(), type, admin, Timestamp.from(Instant.parse(at)));
    }

    /** A date field's value, as its picker would set it (typing depends on the browser's locale). */
    private static void day(WebElement field, String isoDate) {
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1];", field, isoDate);
    }

    private static WebElement byLabel(String text) {
        return ConsolePageChecks.byLabel(browser, text);
    }

    private static void screenshot(int width, String name) {
        ConsolePageChecks.screenshot(browser, SCREENSHOTS, width, name);
    }
}
