package org.credentialcourier.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.io.IOException;
import java.nio.file.Path;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.delivery.MailDeliveryProcess.Elements;
import org.credentialcourier.support.ConsoleBrowser;
import org.credentialcourier.support.CourierTest;
import org.credentialcourier.support.Scenario;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * "Hand over by hand" from the contact record in a real browser (headless chromium, 1366×768 and a 390-wide phone),
 * without script: the row's button, the hand-over page, the reveal. Screenshots go to
 * {@code target/mail-hand-over/<step>.png}.
 */
@CourierTest
class MailHandOverBrowserTest {

    private static ConsoleBrowser console;
    private static WebDriver browser;
    private static WebDriverWait wait;

    @LocalServerPort int port;
    @Autowired ProcessEngine engine;
    @Autowired Scenario scenario;

    @BeforeAll
    static void startBrowser() throws IOException {
        console = ConsoleBrowser.start(1366, 768, Path.of("target", "mail-hand-over"));
        browser = console.driver();
        wait = console.waiting();
    }

    @AfterAll
    static void quitBrowser() {
        console.close();
    }

    @BeforeEach
    void signIn() {
        console.assumeRunnable();
        BpmnAwareTests.init(engine);
        browser.manage().window().setSize(new Dimension(1366, 768));
        console.signIn(port, "demo", "demo");
    }

    @Test
    void aFailedInvitationIsHandedOverFromTheMailLog() throws Exception {
        Contact contact = scenario.newContact();
        Scenario.FirstAttempt attempt = scenario.firstAttempt(contact);
        scenario.runDeliveryJobRejected(attempt.delivery());

        browser.get(url("/admin/contacts/" + contact.id()));
        By button = By.xpath("//button[normalize-space()='Hand over by hand']");
        assertNoScriptNorSidewaysScroll();
        showMailLog();
        console.screenshot("record-failed-email");
        browser.manage().window().setSize(new Dimension(390, 844));
        assertNoScriptNorSidewaysScroll();
        showMailLog();
        console.screenshot("record-failed-email-phone");
        browser.manage().window().setSize(new Dimension(1366, 768));

        browser.findElement(button).click();
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Hand over the message by hand"));
        assertThat(browser.getCurrentUrl()).isEqualTo(url("/admin/handover/" + attempt.delivery().getId()));
        console.screenshot("handover-confirm");

        browser.findElement(By.xpath("//button[normalize-space()='Reveal the message once']")).click();
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Pass this message on"));
        String token = Scenario.token(browser.findElement(By.cssSelector(".secret")).getText());
        console.screenshot("handover-revealed");
        assertThat(attempt.delivery()).isEnded();

        browser.get(url("/admin/contacts/" + contact.id()));
        assertThat(browser.getPageSource()).contains("revealed to demo for delivery by hand").doesNotContain(token);
        assertThat(browser.findElements(button)).isEmpty();
        showMailLog();
        console.screenshot("record-handed-over");
    }

    /** Scrolls the mail log into the screenshot's view. */
    private static void showMailLog() {
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'start'});",
                browser.findElement(By.id("mail-heading")));
    }

    private static void assertNoScriptNorSidewaysScroll() {
        assertThat(browser.findElements(By.tagName("script"))).isEmpty();
        Object sideways = ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertThat(((Number) sideways).intValue()).as("horizontal overflow").isLessThanOrEqualTo(0);
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
