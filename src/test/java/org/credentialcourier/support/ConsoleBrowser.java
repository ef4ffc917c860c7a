package org.credentialcourier.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless chromium for a browser test class, signed in to the console once: started in {@code @BeforeAll},
 * closed in {@code @AfterAll}. Where chromium is missing, each test is skipped ({@link #assumeRunnable()}), so that
 * the report counts them; on CI {@link HeadlessChromium#whyNot()} fails instead.
 */
public final class ConsoleBrowser implements AutoCloseable {

    private final String skipReason;
    private final WebDriver driver;
    private final WebDriverWait wait;
    private final Path screenshots;
    private boolean signedIn;

    private ConsoleBrowser(String skipReason, WebDriver driver, Path screenshots) {
        this.skipReason = skipReason;
        this.driver = driver;
        this.wait = driver == null ? null : HeadlessChromium.waitFor(driver, Duration.ofSeconds(20));
        this.screenshots = screenshots;
    }

    /** A browser window of {@code width} × {@code height}, its screenshots under {@code screenshots}. */
    public static ConsoleBrowser start(int width, int height, Path screenshots) throws IOException {
        String why = HeadlessChromium.whyNot();
        if (why != null) {
            return new ConsoleBrowser(why, null, screenshots);
        }
        Files.createDirectories(screenshots);
        return new ConsoleBrowser(null, HeadlessChromium.start(width, height), screenshots);
    }

    /** Skips the calling test when there is no browser. */
    public void assumeRunnable() {
        Assumptions.assumeTrue(skipReason == null, skipReason);
    }

    public WebDriver driver() {
        return driver;
    }

    public WebDriverWait waiting() {
        return wait;
    }

    /** Signs in with the console's form, the first time only. */
    public void signIn(int port, String user, String password) {
        if (signedIn) {
            return;
        }
        driver.get("http://localhost:" + port + "/admin/contacts");
        wait.until(ExpectedConditions.urlContains("/admin/sign-in"));
        labelled("User name").sendKeys(user);
        labelled("Password").sendKeys(password, Keys.ENTER);
        wait.until(ExpectedConditions.not(ExpectedConditions.urlContains("/admin/sign-in")));
        signedIn = true;
    }

    private org.openqa.selenium.WebElement labelled(String label) {
        String id = driver.findElement(By.xpath("//label[normalize-space()='" + label + "']")).getAttribute("for");
        return driver.findElement(By.id(id));
    }

    /** The visible window as {@code <name>.png}. */
    public void screenshot(String name) {
        try {
            Files.write(screenshots.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (driver != null) {
            driver.quit();
        }
    }
}
