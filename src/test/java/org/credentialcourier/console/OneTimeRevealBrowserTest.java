package org.credentialcourier.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.io.IOException;
import java.nio.file.Path;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.credential.AccountPasswords;
import org.credentialcourier.delivery.MailDeliveryProcess;
import org.credentialcourier.support.ConsoleBrowser;
import org.credentialcourier.support.CourierTest;
import org.credentialcourier.support.DeliveryDriver;
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
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The one-time reveals in a real browser (headless chromium at 1366×768, then a 390-wide phone): "Change password",
 * shown here once, then the browser's reload, Back and Forward; the hand-over page's reveal, then reload. A reload
 * must show "already shown" and make nothing: one password change, one set of credentials; and "Hand over by hand"
 * on the record's mail log, which leads to that hand-over page. Screenshots go to
 * {@code target/reveal/<step>.png}.
 */
@CourierTest
class OneTimeRevealBrowserTest {

    private static ConsoleBrowser console;
    private static WebDriver browser;
    private static WebDriverWait wait;

    @LocalServerPort int port;
    @Autowired ProcessEngine engine;
    @Autowired Scenario scenario;
    @Autowired AccountPasswords passwords;
    @Autowired JdbcClient jdbc;

    @BeforeAll
    static void startBrowser() throws IOException {
        console = ConsoleBrowser.start(1366, 768, Path.of("target", "reveal"));
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
    void aReloadAfterThePasswordIsShownMakesNoSecondPassword() {
        Contact contact = scenario.activeContact();
        browser.get(url("/admin/contacts/" + contact.id()));
        browser.findElement(By.id("delivery-manual")).click();
        browser.findElement(By.xpath("//button[normalize-space()='Change password']")).click();
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Hand this password over"));
        String revealUrl = browser.getCurrentUrl();
        assertThat(revealUrl).contains("/password/revealed/");
        String password = browser.findElement(By.cssSelector(".secret")).getText();
        assertThat(revealUrl).doesNotContain(password);
        assertThat(passwords.verify(contact.id(), password)).isEqualTo(AccountPasswords.Verdict.MUST_CHANGE);
        assertNoScriptNorSidewaysScroll();
        copiesToTheClipboard("the password", password);
        screenshot("password-revealed");

        browser.navigate().refresh();
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "This password was shown already"));
        assertThat(browser.getPageSource()).doesNotContain(password);
        assertNoScriptNorSidewaysScroll();
        screenshot("password-reload");

        // Back: the record (the POST was answered by a redirect, so there is nothing to resubmit); Forward: shown
        browser.navigate().back();
        wait.until(ExpectedConditions.urlToBe(url("/admin/contacts/" + contact.id())));
        browser.navigate().forward();
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "This password was shown already"));
        assertThat(browser.getPageSource()).doesNotContain(password);

        browser.manage().window().setSize(new Dimension(390, 844));
        assertNoScriptNorSidewaysScroll();
        screenshot("password-reload-phone");

        assertThat(changesOf(contact)).as("one password generated").isEqualTo(1);
        assertThat(passwords.verify(contact.id(), password)).as("still the one shown")
                .isEqualTo(AccountPasswords.Verdict.MUST_CHANGE);
    }

    @Test
    void aReloadAfterTheHandOverMintsNothing() throws Exception {
        Contact contact = scenario.newContact();
        ProcessInstance delivery = scenario.firstAttempt(contact).delivery();
        DeliveryDriver.escalateWhileSmtpIsDown(scenario, delivery);
        complete(scenario.task(delivery), withVariables(MailDeliveryProcess.Vars.RESOLUTION, "manual"));
        scenario.runDeliveryJob(delivery);
        int mailsBefore = scenario.mailsTo(contact.email()).size();

        browser.get(url("/admin/handover/" + delivery.getId()));
        browser.findElement(By.xpath("//button[normalize-space()='Reveal the message once']")).click();
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Pass this message on"));
        String token = Scenario.token(browser.findElement(By.cssSelector(".secret")).getText());
        int tokens = tokensOf(contact);
        screenshot("handover-revealed");

        browser.navigate().refresh();
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "This message was shown already"));
        assertThat(browser.getPageSource()).doesNotContain(token);
        screenshot("handover-reload");

        assertThat(tokensOf(contact)).as("no credentials minted by the reload").isEqualTo(tokens);
        assertThat(scenario.mailsTo(contact.email())).as("nothing sent").hasSize(mailsBefore);
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
        screenshot("mail-log-record-failed-email");
        browser.manage().window().setSize(new Dimension(390, 844));
        assertNoScriptNorSidewaysScroll();
        showMailLog();
        // the mail log's rows stack on a phone: Retry and "Hand over by hand" are in reach without scrolling sideways
        Object inReach = ((JavascriptExecutor) browser).executeScript(
                "const box = document.querySelector('#mail-heading').parentElement.querySelector('.scroll');"
                        + " const b = arguments[0].getBoundingClientRect();"
                        + " return box.scrollWidth - box.clientWidth <= 0 && b.right <= window.innerWidth && b.left >= 0;",
                browser.findElement(button));
        assertThat(inReach).as("the mail log's buttons in reach at 390 px").isEqualTo(true);
        screenshot("mail-log-record-failed-email-phone");
        browser.manage().window().setSize(new Dimension(1366, 768));

        browser.findElement(button).click();
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Hand over the message by hand"));
        assertThat(browser.getCurrentUrl()).isEqualTo(url("/admin/handover/" + attempt.delivery().getId()));
        screenshot("mail-log-handover-confirm");

        browser.findElement(By.xpath("//button[normalize-space()='Reveal the message once']")).click();
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Pass this message on"));
        String token = Scenario.token(browser.findElement(By.cssSelector(".secret")).getText());
        screenshot("mail-log-handover-revealed");
        BpmnAwareTests.assertThat(attempt.delivery()).isEnded();

        browser.get(url("/admin/contacts/" + contact.id()));
        assertThat(browser.getPageSource()).contains("revealed to demo for delivery by hand").doesNotContain(token);
        assertThat(browser.findElements(button)).isEmpty();
        showMailLog();
        screenshot("mail-log-record-handed-over");
    }

    /** Scrolls the mail log into the screenshot's view. */
    private static void showMailLog() {
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'start'});",
                browser.findElement(By.id("mail-heading")));
    }

    private long changesOf(Contact contact) {
        return jdbc.sql("SELECT COUNT(*) FROM password_change WHERE contact_id = ?").param(contact.id())
                .query(Long.class).single();
    }

    private int tokensOf(Contact contact) {
        return jdbc.sql("SELECT COUNT(*) FROM activation_token WHERE contact_id = ?").param(contact.id())
                .query(Long.class).single().intValue();
    }

    /**
     * The console's script puts a Copy button after the secret; pressing it puts exactly the secret on the clipboard
     * (the browser is granted the clipboard, as a person's browser grants it to the page they use).
     */
    private static void copiesToTheClipboard(String what, String secret) {
        ((org.openqa.selenium.chromium.HasCdp) browser).executeCdpCommand("Browser.grantPermissions", java.util.Map.of(
                "permissions", java.util.List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
        ((JavascriptExecutor) browser).executeScript("window.focus();");
        browser.findElement(By.xpath("//button[normalize-space()='Copy " + what + "']")).click();
        wait.until(ExpectedConditions.textToBe(By.cssSelector(".copy-status"), "Copied."));
        Object copied = ((JavascriptExecutor) browser).executeAsyncScript(
                "const done = arguments[arguments.length - 1]; navigator.clipboard.readText().then(done, e => done('!' + e));");
        assertThat(copied).isEqualTo(secret);
    }

    private static void assertNoScriptNorSidewaysScroll() {
        ConsolePageChecks.expectOnlyTheConsolesScript(browser);
        Object sideways = ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertThat(((Number) sideways).intValue()).as("horizontal overflow").isLessThanOrEqualTo(0);
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private static void screenshot(String name) {
        console.screenshot(name);
    }
}
