package org.credentialcourier.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.credentialcourier.support.HeadlessChromium;
import org.junit.jupiter.api.Assumptions;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What every console page promises in a browser, at any width, and the browser tests' screenshots: one place for the
 * tests of the people directory, the audit page and the settings.
 */
final class ConsolePageChecks {

    static final int LAPTOP = 1366;
    static final int PHONE = 390;

    private ConsolePageChecks() {
    }

    /**
     * No script but the console's own file (nothing inline, nothing from elsewhere); a label for every field and a scope for every column heading; the skip link the first stop of the
     * keyboard and no positive tabindex; one main landmark; and nothing wider than the window.
     */
    static void expectWellFormed(WebDriver browser, int width) {
        expectOnlyTheConsolesScript(browser);
        browser.findElements(By.cssSelector("input:not([type=hidden]), select, textarea")).forEach(field ->
                assertThat(browser.findElements(By.cssSelector("label[for='" + field.getAttribute("id") + "']")))
                        .as("a label for %s", field.getAttribute("name")).hasSize(1));
        assertThat(browser.findElements(By.cssSelector("thead th:not([scope=col])"))).isEmpty();
        List<WebElement> stops = browser.findElements(By.cssSelector(
                "a[href], button, input:not([type=hidden]), select, textarea"));
        assertThat(stops.get(0).getAttribute("class")).isEqualTo("skip-link");
        assertThat(browser.findElements(By.cssSelector("[tabindex]:not([tabindex='-1'])"))).allMatch(
                e -> Integer.parseInt(e.getAttribute("tabindex")) <= 0);
        assertThat(browser.findElements(By.cssSelector("main#main"))).hasSize(1);
        Number overflow = (Number) ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertThat(overflow.intValue()).as("sideways scrolling at %d px", width).isLessThanOrEqualTo(0);
    }

    /** The console runs its own script file and nothing else: no inline script, none from elsewhere. */
    static void expectOnlyTheConsolesScript(WebDriver browser) {
        assertThat(browser.findElements(By.tagName("script"))).allSatisfy(script -> {
            assertThat(script.getAttribute("src")).endsWith("/js/console.js")
                    .startsWith(browser.getCurrentUrl().replaceAll("^(https?://[^/]+).*", "$1"));
            assertThat(script.getAttribute("innerHTML")).isEmpty();
        });
    }

    /**
     * The test class's browser, started by its first test along with its screenshots' folder; without Chromium the
     * test is skipped ({@link HeadlessChromium#whyNot}).
     */
    static WebDriver start(Path folder) throws IOException {
        String missing = HeadlessChromium.whyNot();
        Assumptions.assumeTrue(missing == null, missing);
        Files.createDirectories(folder);
        return HeadlessChromium.start(LAPTOP, 768);
    }

    static WebDriverWait waitFor(WebDriver browser) {
        return HeadlessChromium.waitFor(browser, Duration.ofSeconds(20));
    }

    /** A fresh session that signs in from the console's address, as a bookmark would, and lands on People. */
    static void signIn(WebDriver browser, WebDriverWait wait, int port, String user, String password) {
        browser.manage().deleteAllCookies();
        browser.get("http://localhost:" + port + "/admin");
        wait.until(ExpectedConditions.urlContains("/admin/sign-in"));
        byLabel(browser, "User name").sendKeys(user);
        byLabel(browser, "Password").sendKeys(password, Keys.ENTER);
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "People"));
    }

    /** A laptop's window, or a phone's at 390 px. */
    static void narrowTo(WebDriver browser, int width) {
        browser.manage().window().setSize(new Dimension(width, width == PHONE ? 844 : 768));
    }

    /** The field whose label reads {@code text}. */
    static WebElement byLabel(WebDriver browser, String text) {
        String id = browser.findElement(By.xpath("//label[normalize-space()='" + text + "']")).getAttribute("for");
        return browser.findElement(By.id(id));
    }

    /** The whole page as {@code <folder>/<width>-<name>.png}, the window stretched for the moment to its height. */
    static void screenshot(WebDriver browser, Path folder, int width, String name) {
        Dimension window = browser.manage().window().getSize();
        long page = (Long) ((JavascriptExecutor) browser).executeScript("return document.documentElement.scrollHeight;");
        try {
            browser.manage().window().setSize(new Dimension(window.getWidth(), Math.max(window.getHeight(),
                    (int) page + 140)));
            Files.write(folder.resolve(width + "-" + name + ".png"),
                    ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } finally {
            browser.manage().window().setSize(window);
        }
    }

    /** A browser step; should it fail, its screenshot and HTML are kept as {@code <width>-<name>-failure}. */
    static void step(WebDriver browser, Path folder, int width, String name, Runnable body) {
        try {
            body.run();
        } catch (RuntimeException | AssertionError failure) {
            try {
                screenshot(browser, folder, width, name + "-failure");
                Files.writeString(folder.resolve(width + "-" + name + "-failure.html"), browser.getPageSource(),
                        StandardCharsets.UTF_8);
            } catch (RuntimeException | IOException ignored) {
                failure.addSuppressed(ignored);
            }
            throw failure;
        }
    }
}
