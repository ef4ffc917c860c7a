package org.credentialcourier.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium and its driver for the browser tests, headless. Nothing here looks for or downloads a browser or
 * a driver of its own: without the two Debian packages the tests are skipped, and on CI (which installs them) they
 * fail instead.
 */
public final class HeadlessChromium {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private HeadlessChromium() {
    }

    /** Why the browser tests cannot run on this machine, or {@code null} when they can; fails the test on CI. */
    public static String whyNot() {
        List<String> missing = new ArrayList<>();
        if (!Files.isExecutable(CHROMIUM)) {
            missing.add(CHROMIUM + " (Debian package chromium)");
        }
        if (!Files.isExecutable(CHROMEDRIVER)) {
            missing.add(CHROMEDRIVER + " (Debian package chromium-driver)");
        }
        if (missing.isEmpty()) {
            return null;
        }
        String what = String.join(" and ", missing);
        if ("true".equals(System.getenv("CI"))) {
            fail("The browser tests need " + what + ", which CI installs: missing on this CI machine");
        }
        return "Skipped: the browser tests need " + what + " (apt-get install chromium chromium-driver)";
    }

    /** A headless browser with a window of {@code width} × {@code height}. */
    /**
     * A wait for a page that may still be navigating: a condition that finds an element and then reads it can meet the
     * element of the page being left. ChromeDriver reports that as a stale element, or (Chromium 150) as an "unknown
     * error: Node with given id does not belong to the document"; both mean "look again", so the wait polls on and
     * fails only at its timeout, with the last error as the cause.
     */
    public static WebDriverWait waitFor(WebDriver driver, Duration timeout) {
        WebDriverWait wait = new WebDriverWait(driver, timeout, Duration.ofMillis(100));
        wait.ignoring(StaleElementReferenceException.class);
        wait.ignoring(WebDriverException.class);
        return wait;
    }

    public static WebDriver start(int width, int height) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=" + width + "," + height);
        // an explicit driver executable: Selenium Manager never looks for, let alone downloads, a driver or browser
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }
}
