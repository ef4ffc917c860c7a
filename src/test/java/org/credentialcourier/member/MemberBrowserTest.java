package org.credentialcourier.member;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.credentialcourier.contact.Contact;
import org.credentialcourier.mail.EmbeddedMailbox;
import org.credentialcourier.support.CourierTest;
import org.credentialcourier.support.HeadlessChromium;
import org.credentialcourier.support.Scenario;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The member's side in headless Chromium at 1366 and 390 px: the branded invitation email as a mail program shows its
 * HTML part, and a used link's page with its Sign in link, which leads to the sign-in page. Neither scrolls sideways.
 * Screenshots under {@code target/member}.
 */
@CourierTest
class MemberBrowserTest {

    private static final Path SCREENSHOTS = Path.of("target", "member");
    private static final String PASSWORD = "seven silent lanterns";

    @LocalServerPort int port;
    @Autowired Scenario scenario;
    @Autowired Activation activation;

    @ParameterizedTest(name = "{0} px wide")
    @ValueSource(ints = {1366, 390})
    void theBrandedEmailAndAUsedLinksPage(int width) throws Exception {
        String missing = HeadlessChromium.whyNot();
        Assumptions.assumeTrue(missing == null, missing);
        Files.createDirectories(SCREENSHOTS);
        Contact contact = scenario.newContact();
        scenario.inviteAndDeliver(contact);
        String token = scenario.lastToken(contact.email());
        Path email = SCREENSHOTS.resolve(width + "-invitation-email.html").toAbsolutePath();
        Files.writeString(email, EmbeddedMailbox.textPart(scenario.lastMail(contact.email()), "text/html"),
                StandardCharsets.UTF_8);
        assertThat(activation.submit(token, PASSWORD, PASSWORD).succeeded()).isTrue();

        WebDriver browser = HeadlessChromium.start(width, width == 390 ? 844 : 768);
        try {
            browser.get(email.toUri().toString());
            assertThat(browser.findElement(By.cssSelector("td.brand")).getText()).contains("Credential Courier demo");
            assertThat(browser.findElement(By.linkText("Activate my account")).isDisplayed()).isTrue();
            noSidewaysScrolling(browser, width);
            screenshot(browser, width, "invitation-email");

            browser.get("http://localhost:" + port + "/activate?token=" + token);
            assertThat(browser.findElement(By.tagName("header")).getText()).isEqualTo("Credential Courier demo");
            noSidewaysScrolling(browser, width);
            screenshot(browser, width, "link-used");
            browser.findElement(By.linkText("Sign in")).click();
            assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Sign in");
            assertThat(browser.findElement(By.cssSelector("label[for=password]")).getText()).isEqualTo("Password");
            noSidewaysScrolling(browser, width);
            screenshot(browser, width, "sign-in");
        } finally {
            browser.quit();
        }
    }

    private static void noSidewaysScrolling(WebDriver browser, int width) {
        Number overflow = (Number) ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertThat(overflow.intValue()).as("sideways scrolling at %d px", width).isLessThanOrEqualTo(0);
    }

    private static void screenshot(WebDriver browser, int width, String name) throws IOException {
        Files.write(SCREENSHOTS.resolve(width + "-" + name + ".png"),
                ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
