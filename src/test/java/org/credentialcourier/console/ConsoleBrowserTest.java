package org.credentialcourier.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.contact.ContactRepository;
import org.credentialcourier.invitation.InvitationRepository;
import org.credentialcourier.invitation.InvitationService;
import org.credentialcourier.invitation.InvitationStatus;
import org.credentialcourier.mail.MailLog;
import org.credentialcourier.mail.MailLogEntry;
import org.credentialcourier.support.CourierTest;
import org.credentialcourier.support.HeadlessChromium;
import org.credentialcourier.support.Scenario;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The admin console in a real browser (Debian's chromium, headless, at 1366×768, a laptop's screen), driven as an
 * admin would: sign in with the form, filter and search the invitations, resend ticked rows, cancel from a contact's
 * record, retry a failed email from the mail log, upload a CSV file with a bad row, and preview pasted lines as a dry
 * run. Each step also checks what the pages promise for keyboard and screen-reader use: a skip link first in the tab
 * order, a label for every field, the current tab marked, no script, no horizontal scrolling. Screenshots go to
 * {@code target/console/<step>.png}.
 */
@CourierTest
class ConsoleBrowserTest {

    private static final Path SCREENSHOTS = Path.of("target", "console");
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static WebDriver browser;
    private static WebDriverWait wait;
    private static boolean signedIn;
    private static String skipReason;

    @LocalServerPort int port;
    @Autowired ProcessEngine engine;
    @Autowired RuntimeService runtime;
    @Autowired ConsoleFixtures fixtures;
    @Autowired Scenario scenario;
    @Autowired InvitationService invitations;
    @Autowired InvitationRepository invitationRows;
    @Autowired ContactRepository contacts;
    @Autowired MailLog mailLog;

    @BeforeAll
    static void startBrowser() throws IOException {
        skipReason = HeadlessChromium.whyNot();
        if (skipReason != null) {
            // skipped test by test in @BeforeEach, so that the report counts them as skipped
            return;
        }
        browser = HeadlessChromium.start(1366, 768);
        wait = HeadlessChromium.waitFor(browser, WAIT);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void quitBrowser() {
        if (browser != null) {
            browser.quit();
            browser = null;
        }
        signedIn = false;
        skipReason = null;
    }

    @BeforeEach
    void signIn() {
        Assumptions.assumeTrue(skipReason == null, skipReason);
        BpmnAwareTests.init(engine);
        if (signedIn) {
            return;
        }
        onFailure("sign-in", () -> {
            browser.get(url("/admin/invitations"));
            // not signed in: the sign-in form, and back to the invitations afterwards
            wait.until(ExpectedConditions.urlContains("/admin/sign-in"));
            skipLinkWorks();
            checkPage();
            screenshot("sign-in");
            field("User name").sendKeys("demo");
            field("Password").sendKeys("demo", Keys.ENTER);
            wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Invitations"));
        });
        signedIn = true;
    }

    @Test
    void filterAndSearch() {
        String name = ConsoleFixtures.marker("Browse");
        fixtures.pending(fixtures.contact("Grace", name));
        String failed = fixtures.failed(fixtures.contact("Barbara", name));
        fixtures.expired(fixtures.contact("Edsger", name));

        onFailure("invitations-filter", () -> {
            browser.get(url("/admin/invitations"));
            skipLinkWorks();
            field("Search by name or email").sendKeys(name, Keys.ENTER);
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("list-summary"),
                    "3 invitations matching"));
            assertThat(browser.getCurrentUrl()).as("a search carries no CSRF token").doesNotContain("_csrf");
            assertThat(tabCount("pending")).isEqualTo("1");
            assertThat(tabCount("failed")).isEqualTo("1");
            assertThat(tabCount("expired")).isEqualTo("1");

            browser.findElement(By.id("tab-failed")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("list-summary"),
                    "1 failed invitation matching"));
            assertThat(browser.findElement(By.id("tab-failed")).getAttribute("aria-current")).isEqualTo("page");
            assertThat(browser.findElement(By.id("tab-all")).getAttribute("aria-current")).isNull();
            assertThat(rowIds()).containsExactly(failed);
            WebElement row = browser.findElement(By.id("row-" + failed));
            assertThat(row.getText()).contains("Barbara " + name, "failed");
            assertThat(row.findElement(By.linkText("Cockpit")).getAttribute("href"))
                    .contains("/camunda/app/cockpit/default/#/process-instance/");
            assertThat(field("Search by name or email").getAttribute("value")).isEqualTo(name);
            checkPage();
            screenshot("invitations-filter");

            row.findElement(By.linkText("Barbara " + name)).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Barbara " + name));
        });
    }

    @Test
    void resendTickedRows() {
        String name = ConsoleFixtures.marker("Resend");
        String expired = fixtures.expired(fixtures.contact("Grace", name));
        String failed = fixtures.failed(fixtures.contact("Barbara", name));
        String active = fixtures.active(fixtures.contact("Katherine", name));

        onFailure("invitations-resend", () -> {
            browser.get(url("/admin/invitations?q=" + name));
            // ticked with the keyboard: the label names the row for a screen reader
            for (String id : List.of(expired, failed, active)) {
                WebElement box = browser.findElement(By.id("select-" + id));
                assertThat(label(box)).startsWith("Select the invitation of ");
                box.sendKeys(Keys.SPACE);
                assertThat(box.isSelected()).isTrue();
            }
            screenshot("invitations-ticked");
            browser.findElement(By.xpath("//button[normalize-space()='Resend selected']")).click();
            WebElement notice = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".notice")));
            assertThat(notice.getText()).contains("2 resent; 1 skipped: already active");
            assertThat(notice.getAttribute("role")).isEqualTo("status");
            assertThat(invitations.get(expired).status()).isEqualTo(InvitationStatus.PENDING);
            assertThat(invitations.get(failed).status()).isIn(InvitationStatus.PENDING, InvitationStatus.FAILED);
            assertThat(invitations.get(active).status()).isEqualTo(InvitationStatus.ACTIVE);
            assertThat(browser.getCurrentUrl()).contains("q=" + name);
            checkPage();
            screenshot("invitations-resent");
        });
    }

    @Test
    void cancelFromTheContactRecord() {
        String name = ConsoleFixtures.marker("Cancel");
        Contact contact = fixtures.contact("Frances", name);
        String pending = fixtures.pending(contact);

        onFailure("contact-cancel", () -> {
            browser.get(url("/admin/contacts/" + contact.id()));
            assertThat(browser.findElement(By.tagName("h1")).getText()).contains("Frances " + name, "account: invited");
            checkPage();
            browser.findElement(By.xpath("//button[normalize-space()='Cancel invitation']")).click();
            WebElement notice = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".notice")));
            assertThat(notice.getText()).contains("Invitation cancelled");
            assertThat(invitations.get(pending).status()).isEqualTo(InvitationStatus.CANCELLED);
            assertThat(browser.findElement(By.id("invitation-" + pending)).getText()).contains("cancelled",
                    "Cancelled", "by demo");
            assertThat(browser.findElements(By.xpath("//button[normalize-space()='Cancel invitation']"))).isEmpty();
            screenshot("contact-cancelled");
        });
    }

    @Test
    void retryAFailedEmailFromTheMailLog() throws Exception {
        Contact contact = fixtures.contact("Margaret", ConsoleFixtures.marker("Retry"));
        Scenario.FirstAttempt attempt = scenario.firstAttempt(contact);
        scenario.runDeliveryJobRejected(attempt.delivery());
        long failed = mailLog.forContact(contact.id()).get(0).id();

        onFailure("mail-log-retry", () -> {
            browser.get(url("/admin/contacts/" + contact.id()));
            WebElement row = browser.findElement(By.id("mail-" + failed));
            assertThat(row.getText()).contains("failed", "550 5.1.1 no such mailbox");
            checkPage();
            screenshot("mail-log-failed");
            WebElement retry = row.findElement(By.tagName("button"));
            assertThat(retry.getAttribute("aria-label")).isEqualTo("Retry Invitation email to " + contact.email());
            retry.sendKeys(Keys.ENTER);
            WebElement notice = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".notice")));
            assertThat(notice.getText()).contains("The email is being sent again");
        });
        // the process sends it: its jobs, run here as the job executor would
        while (!runtime.createProcessInstanceQuery().processInstanceId(attempt.delivery().getId()).list().isEmpty()) {
            scenario.runDeliveryJob(attempt.delivery());
        }
        onFailure("mail-log-retried", () -> {
            browser.navigate().refresh();
            assertThat(mailLog.forContact(contact.id())).extracting(MailLogEntry::status)
                    .containsExactly(MailLogEntry.Status.FAILED, MailLogEntry.Status.SENT);
            WebElement table = browser.findElement(By.cssSelector("section[aria-labelledby='mail-heading'] table"));
            assertThat(table.getText()).contains("sent");
            assertThat(table.findElements(By.tagName("button"))).isEmpty();
            screenshot("mail-log-retried");
        });
        assertThat(scenario.mailsTo(contact.email())).hasSize(1);
    }

    @Test
    void bulkUploadWithABadRow() throws IOException {
        String one = Scenario.uniqueEmail("browser.one");
        String two = Scenario.uniqueEmail("browser.two");
        Path file = Files.createTempFile("contacts", ".csv");
        Files.writeString(file, "email,firstName,lastName,locale\n" + one + ",Grace,Hopper,en\n"
                + "not-an-address,Alan,Turing,en\n" + two + ",Barbara,Liskov,fr\n", StandardCharsets.UTF_8);

        onFailure("bulk-upload", () -> {
            browser.get(url("/admin/bulk"));
            checkPage();
            field("CSV file").sendKeys(file.toAbsolutePath().toString());
            browser.findElement(By.xpath("//button[normalize-space()='Start']")).click();
            wait.until(ExpectedConditions.urlMatches(".*/admin/bulk/[0-9a-f-]{36}$"));
            assertThat(browser.findElement(By.cssSelector(".notice")).getText())
                    .contains("Bulk run started: 3 rows, 2 to invite, 1 skipped.");
            assertThat(browser.findElement(By.cssSelector("meta[http-equiv='refresh']")).getAttribute("content"))
                    .isEqualTo("3");
            WebElement skipped = browser.findElement(By.id("skipped-items"));
            assertThat(skipped.getText()).contains("3", "not-an-address", "email",
                    "Row 3: email must be a well-formed email address");
            checkPage();
            screenshot("bulk-running");
        });
        String bulkId = browser.getCurrentUrl().substring(browser.getCurrentUrl().lastIndexOf('/') + 1);
        fixtures.runChunks(bulkId);
        onFailure("bulk-finished", () -> {
            browser.navigate().refresh();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("run-state"), "finished"));
            WebElement progress = browser.findElement(By.id("progress"));
            assertThat(progress.getAttribute("value")).isEqualTo("3");
            assertThat(progress.getAttribute("max")).isEqualTo("3");
            assertThat(browser.findElement(By.id("count-done")).getText().replaceAll("\\s+", " ")).isEqualTo("2 invited");
            assertThat(browser.findElements(By.cssSelector("meta[http-equiv='refresh']"))).isEmpty();
            screenshot("bulk-finished");
        });
        Contact grace = contacts.findByEmail(one).orElseThrow();
        assertThat(invitationRows.findOpenForContact(grace.id())).isPresent();
    }

    @Test
    void dryRunOfPastedLines() {
        Contact existing = scenario.newContact();
        String fresh = Scenario.uniqueEmail("browser.dry");

        onFailure("bulk-dry-run", () -> {
            browser.get(url("/admin/bulk"));
            field("Or paste addresses, one per line").sendKeys(existing.email() + "\n" + fresh
                    + ",Katherine,Johnson\n" + "nobody-knows-this@example.org\n");
            browser.findElement(By.xpath("//button[normalize-space()='Preview (dry run)']")).click();
            WebElement preview = wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("section[aria-labelledby='preview-heading']")));
            assertThat(preview.getText()).contains("Preview (dry run): nothing was written or sent", "3\nrows",
                    "2\nto invite", "1\nnew contact", "1\nskipped", "nobody-knows-this@example.org",
                    "No contact has this address");
            assertThat(field("Or paste addresses, one per line").getAttribute("value")).contains(fresh);
            checkPage();
            screenshot("bulk-dry-run");
        });
        assertThat(contacts.findByEmail(fresh)).isEmpty();
        assertThat(invitationRows.findOpenForContact(existing.id())).isEmpty();
    }

    @Test
    void mailboxNewestFirstAndAnEmailAsTheMemberSeesIt() {
        String name = ConsoleFixtures.marker("Mailbox");
        Contact older = fixtures.contact("Ada", name);
        Contact newer = fixtures.contact("Alan", name);
        fixtures.pending(older);
        fixtures.pending(newer);

        onFailure("mailbox", () -> {
            Dimension laptop = browser.manage().window().getSize();
            try {
                for (int width : new int[] {1366, 390}) {
                    browser.manage().window().setSize(new Dimension(width, width == 390 ? 844 : 768));
                    browser.get(url("/admin/mailbox"));
                    wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Mailbox"));
                    skipLinkWorks();
                    checkPage();
                    assertThat(browser.findElement(By.cssSelector("a[aria-current=page]")).getText())
                            .isEqualTo("Mailbox");
                    List<String> recipients = browser.findElements(By.cssSelector("#mails tbody td.address"))
                            .stream().map(td -> td.getAttribute("textContent").trim()).toList();
                    assertThat(recipients.indexOf(newer.email())).as("the newest first").isNotNegative()
                            .isLessThan(recipients.indexOf(older.email()));
                    Object sideways = ((JavascriptExecutor) browser).executeScript(
                            "var box = document.querySelector('#mails').parentElement;"
                                    + " return box.scrollWidth - box.clientWidth;");
                    assertThat(((Number) sideways).intValue()).as("the list scrolls sideways at " + width + " px")
                            .isLessThanOrEqualTo(0);
                    screenshot("mailbox-" + width);

                    WebElement row = browser.findElements(By.cssSelector("#mails tbody tr")).stream()
                            .filter(tr -> tr.getText().contains(newer.email())).findFirst().orElseThrow();
                    row.findElement(By.cssSelector("th a")).click();
                    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("iframe.mail-html")));
                    checkPage();
                    WebElement frame = browser.findElement(By.cssSelector("iframe.mail-html"));
                    assertThat(frame.getAttribute("sandbox")).isEmpty();
                    browser.switchTo().frame(frame);
                    wait.until(d -> d.findElement(By.tagName("body")).getText().contains("Alan"));
                    assertThat(browser.findElements(By.cssSelector("a[href*='/activate?token=']"))).isNotEmpty();
                    browser.switchTo().defaultContent();
                    screenshot("mailbox-email-" + width);
                }
            } finally {
                browser.switchTo().defaultContent();
                browser.manage().window().setSize(laptop);
            }
        });
    }

    // ---- what every page promises ----

    @Test
    void portalsAndSigningKeys() {
        onFailure("portals", () -> {
            browser.get(url("/admin/portals"));
            wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Portals"));
            checkPage();
            assertThat(browser.findElements(By.cssSelector("#signing-keys tbody tr"))).isNotEmpty();
            assertThat(label(browser.findElement(By.id("redirectUris"))))
                    .isEqualTo("Redirect addresses (one a line, compared exactly)");
            screenshot("portals");
        });
    }

    /**
     * Keyboard and screen reader: the first Tab reaches the skip link, which leads to the main content; every field
     * has a label; the page runs no script and never needs scrolling sideways at 1366 pixels.
     */
    private static void checkPage() {
        ConsolePageChecks.expectOnlyTheConsolesScript(browser);
        for (WebElement input : browser.findElements(By.cssSelector("input:not([type=hidden]), textarea, select"))) {
            String id = input.getAttribute("id");
            assertThat(id).as("field %s has an id", input.getAttribute("name")).isNotBlank();
            assertThat(browser.findElements(By.cssSelector("label[for='" + id + "']"))).as("label of %s", id)
                    .isNotEmpty();
        }
        for (WebElement table : browser.findElements(By.tagName("table"))) {
            assertThat(table.findElements(By.cssSelector("thead th"))).allMatch(th -> "col".equals(th.getAttribute("scope")));
        }
        Object sideways = ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertThat(((Number) sideways).intValue()).as("horizontal overflow at 1366 px").isLessThanOrEqualTo(0);
        // in the order of the keyboard: the skip link first, and no positive tabindex to change the order
        WebElement first = browser.findElements(By.cssSelector("a[href], button, input:not([type=hidden]), textarea, "
                + "select, [tabindex]")).stream().filter(e -> !"-1".equals(e.getAttribute("tabindex"))).findFirst()
                .orElseThrow();
        assertThat(first.getAttribute("class")).isEqualTo("skip-link");
        assertThat(browser.findElements(By.cssSelector("[tabindex]")))
                .allMatch(e -> Integer.parseInt(e.getAttribute("tabindex")) <= 0);
        assertThat(browser.findElements(By.id("main"))).hasSize(1);
    }

    /** Right after a page loads: Tab shows the skip link, Enter on it moves the focus to the main content. */
    private static void skipLinkWorks() {
        wait.until(d -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
        new Actions(browser).sendKeys(Keys.TAB).perform();
        WebElement focused = browser.switchTo().activeElement();
        if ("body".equals(focused.getTagName())) {
            // the key reached the window before the new document took the focus (seen on a loaded CI machine):
            // focus is still on the page itself, so one more Tab is the user's first Tab into the document
            new Actions(browser).sendKeys(Keys.TAB).perform();
            focused = browser.switchTo().activeElement();
        }
        assertThat(focused.getAttribute("class")).isEqualTo("skip-link");
        assertThat(focused.getRect().getY()).as("shown when focused").isGreaterThanOrEqualTo(0);
        focused.sendKeys(Keys.ENTER);
        wait.until(d -> "main".equals(d.switchTo().activeElement().getAttribute("id")));
    }

    private static WebElement field(String label) {
        WebElement element = browser.findElement(By.xpath("//label[normalize-space()='" + label + "']"));
        return browser.findElement(By.id(element.getAttribute("for")));
    }

    private static String label(WebElement input) {
        return browser.findElement(By.cssSelector("label[for='" + input.getAttribute("id") + "']"))
                .getAttribute("textContent").trim();
    }

    private static String tabCount(String status) {
        return browser.findElement(By.cssSelector("#tab-" + status + " .count")).getText();
    }

    private static List<String> rowIds() {
        return browser.findElements(By.cssSelector("#invitations tbody tr")).stream()
                .map(tr -> tr.getAttribute("id").substring("row-".length())).toList();
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    /** The whole page at the laptop's width: the window grows for the moment to the page's height. */
    private static void screenshot(String name) {
        Dimension size = browser.manage().window().getSize();
        Object height = ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollHeight - window.innerHeight;");
        int extra = height instanceof Number n ? Math.max(0, n.intValue()) : 0;
        try {
            if (extra > 0) {
                browser.manage().window().setSize(new Dimension(size.getWidth(), size.getHeight() + extra));
            }
            Files.write(SCREENSHOTS.resolve(name + ".png"),
                    ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } finally {
            if (extra > 0) {
                browser.manage().window().setSize(size);
            }
        }
    }

    /** Runs a browser step; when it fails, keeps a screenshot and the page's HTML next to the others. */
    private static void onFailure(String name, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException | AssertionError e) {
            try {
                screenshot(name + "-failure");
                Files.writeString(SCREENSHOTS.resolve(name + "-failure.html"), browser.getPageSource(),
                        StandardCharsets.UTF_8);
            } catch (RuntimeException | IOException ignored) {
                e.addSuppressed(ignored);
            }
            throw e;
        }
    }
}
