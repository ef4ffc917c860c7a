package org.credentialcourier.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.contact.ContactRepository;
import org.credentialcourier.invitation.InvitationRepository;
import org.credentialcourier.support.CourierTest;
import org.credentialcourier.support.HeadlessChromium;
import org.credentialcourier.support.Http;
import org.credentialcourier.support.Scenario;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The people directory in headless Chromium, as a new admin meets it: sign in and land on People, add a person with
 * a mistake and then right (inviting at once), search, filter, sort by a column heading, and the export link that
 * carries the filter. Each test runs on a laptop (1366×768) and on a phone's width (390 px): the page must never
 * scroll sideways, every field has its label, the skip link comes first and nothing runs a script. Screenshots go to
 * {@code target/people/<width>-<step>.png}.
 */
@CourierTest
class PeopleBrowserTest {

    private static final Path SCREENSHOTS = Path.of("target", "people");
    private static final int LAPTOP = 1366;
    private static final int PHONE = 390;

    private static WebDriver browser;
    private static WebDriverWait wait;

    @LocalServerPort int port;
    @Autowired ProcessEngine engine;
    @Autowired ConsoleFixtures fixtures;
    @Autowired ContactRepository contacts;
    @Autowired InvitationRepository invitations;

    /** One browser for the class, started by its first test: none at all where Chromium is missing. */
    @BeforeEach
    void freshSession() throws IOException {
        String missing = HeadlessChromium.whyNot();
        Assumptions.assumeTrue(missing == null, missing);
        if (browser == null) {
            Files.createDirectories(SCREENSHOTS);
            browser = HeadlessChromium.start(LAPTOP, 768);
            wait = new WebDriverWait(browser, Duration.ofSeconds(20), Duration.ofMillis(100));
        }
        BpmnAwareTests.init(engine);
        // every test signs in from the console's address, as a bookmark would: the home is the people directory
        browser.manage().deleteAllCookies();
        browser.get(url("/admin"));
        wait.until(ExpectedConditions.urlContains("/admin/sign-in"));
        byLabel("User name").sendKeys("demo");
        byLabel("Password").sendKeys("demo", Keys.ENTER);
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "People"));
        assertThat(browser.getCurrentUrl()).endsWith("/admin/contacts");
        assertThat(browser.findElement(By.cssSelector("nav[aria-label='Console'] li:first-child a")).getText())
                .isEqualTo("People");
    }

    @AfterAll
    static void quitBrowser() {
        Optional.ofNullable(browser).ifPresent(WebDriver::quit);
        browser = null;
    }

    @AfterEach
    void laptopAgain() {
        if (browser != null) {
            browser.manage().window().setSize(new Dimension(LAPTOP, 768));
        }
    }

    @ParameterizedTest(name = "{0} px wide")
    @ValueSource(ints = {LAPTOP, PHONE})
    void addAPersonWithAMistakeThenRight(int width) {
        String name = ConsoleFixtures.marker("Added");
        String email = Scenario.uniqueEmail("browser.added");
        narrowTo(width);
        step(width, "person-new", () -> {
            browser.findElement(By.id("add-person")).click();
            wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Add a person"));
            expectWellFormed(width);
            byLabel("Last name").sendKeys(name);
            byLabel("Email").sendKeys("ada at example");
            new Select(byLabel("Language of the emails and pages")).selectByValue("fr");
            byLabel("Email").submit();

            WebElement problems = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("form-problems")));
            assertThat(problems.getAttribute("role")).isEqualTo("alert");
            assertThat(problemOf("firstName")).isEqualTo("First name is missing.");
            assertThat(problemOf("email")).isEqualTo("Email must be a well-formed email address.");
            assertThat(byLabel("Last name").getAttribute("value")).as("kept").isEqualTo(name);
            assertThat(byLabel("Email").getAttribute("value")).isEqualTo("ada at example");
            assertThat(new Select(byLabel("Language of the emails and pages")).getFirstSelectedOption()
                    .getAttribute("value")).isEqualTo("fr");
            assertThat(byLabel("Last name").getAttribute("aria-invalid")).isNull();
            expectWellFormed(width);
            screenshot(width, "person-new-problems");

            byLabel("First name").sendKeys("Ada");
            byLabel("Email").clear();
            byLabel("Email").sendKeys(email);
            byLabel("Invite now: send the credentials email right away").click();
            browser.findElement(By.xpath("//button[normalize-space()='Add the person']")).click();
            WebElement notice = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".notice")));
            assertThat(notice.getText()).contains("Ada " + name + " was added.",
                    "An invitation is on its way to " + email);
            assertThat(browser.findElement(By.tagName("h1")).getText()).contains("Ada " + name);
            expectWellFormed(width);
            screenshot(width, "person-added");
        });
        Contact ada = contacts.findByEmail(email).orElseThrow();
        assertThat(ada.locale()).isEqualTo("fr");
        assertThat(invitations.findOpenForContact(ada.id())).isPresent();
    }

    /**
     * Issue 15: on the record, edit a person's details, disable the account after its confirmation page, enable it,
     * and delete the person after theirs; each lands with a notice, and the directory no longer lists the deleted.
     */
    @ParameterizedTest(name = "{0} px wide")
    @ValueSource(ints = {LAPTOP, PHONE})
    void editDisableEnableAndDeleteAPerson(int width) {
        String name = ConsoleFixtures.marker("Edited");
        Contact ada = fixtures.contact("Ada", name);
        String email = Scenario.uniqueEmail("browser.edited");
        narrowTo(width);
        browser.get(url("/admin/contacts/" + ada.id()));
        step(width, "person-edit", () -> {
            browser.findElement(By.id("edit-person")).click();
            wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Edit Ada " + name));
            expectWellFormed(width);
            byLabel("Email").clear();
            byLabel("Email").sendKeys(email);
            byLabel("First name").clear();
            byLabel("First name").sendKeys("Grace");
            screenshot(width, "person-edit");
            browser.findElement(By.xpath("//button[normalize-space()='Save']")).click();
            WebElement notice = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".notice")));
            assertThat(notice.getText()).contains("The details were saved.", "later emails go to " + email);
            assertThat(browser.findElement(By.tagName("h1")).getText()).contains("Grace " + name);
            assertThat(browser.findElement(By.id("account-heading")).findElement(By.xpath("..")).getText())
                    .contains("Email address changed", ada.email() + " → " + email);
            expectWellFormed(width);
            screenshot(width, "person-edited");
        });
        step(width, "person-disable", () -> {
            browser.findElement(By.id("disable-person")).click();
            wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Disable the account?"));
            expectWellFormed(width);
            screenshot(width, "person-disable-confirm");
            browser.findElement(By.id("confirm")).click();
            WebElement notice = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".notice")));
            assertThat(notice.getText()).contains("The account was disabled");
            assertThat(browser.findElement(By.tagName("h1")).getText()).contains("account: disabled");
            expectWellFormed(width);
            screenshot(width, "person-disabled");
            browser.findElement(By.id("enable-person")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".notice"),
                    "The account was enabled again (account: none)"));
            assertThat(browser.findElements(By.id("disable-person"))).hasSize(1);
        });
        step(width, "person-delete", () -> {
            browser.findElement(By.id("delete-person")).click();
            wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Delete the contact?"));
            assertThat(browser.findElement(By.id("consequence")).getText()).contains("This cannot be undone.");
            expectWellFormed(width);
            screenshot(width, "person-delete-confirm");
            browser.findElement(By.id("confirm")).click();
            wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "People"));
            assertThat(browser.findElement(By.cssSelector(".notice")).getText()).contains("The contact was deleted");
            expectWellFormed(width);
            screenshot(width, "person-deleted");
        });
        assertThat(contacts.findById(ada.id())).isEmpty();
    }

    @ParameterizedTest(name = "{0} px wide")
    @ValueSource(ints = {LAPTOP, PHONE})
    void searchFilterSortAndExport(int width) {
        String name = ConsoleFixtures.marker("Directory");
        Contact carol = fixtures.contact("Carol", name);
        Contact alice = fixtures.contact("Alice", name);
        Contact bob = fixtures.contact("Bob", name);
        fixtures.pending(fixtures.contact("Grace", name));
        narrowTo(width);
        step(width, "people", () -> {
            expectWellFormed(width);
            screenshot(width, "people");
            byLabel("Search by name or email").sendKeys(name, Keys.ENTER);
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("list-summary"),
                    "4 people matching"));
            assertThat(browser.getCurrentUrl()).doesNotContain("_csrf");

            new Select(byLabel("Account")).selectByValue("none");
            browser.findElement(By.xpath("//button[normalize-space()='Apply']")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("list-summary"),
                    "3 people matching"));
            assertThat(rowIds()).containsExactlyInAnyOrder(carol.id(), alice.id(), bob.id());
            assertThat(byLabel("Search by name or email").getAttribute("value")).isEqualTo(name);
            expectWellFormed(width);
            screenshot(width, "people-filtered");

            // the heading's link sorts, and keeps the search and the filter
            browser.findElement(By.cssSelector("#people thead a[href*='sort=name']")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("list-summary"), "by name A\u2013Z"));
            assertThat(rowIds()).containsExactly(alice.id(), bob.id(), carol.id());
            assertThat(browser.getCurrentUrl()).contains("q=" + name, "account=none", "sort=name", "dir=asc");
            WebElement nameHeading = browser.findElement(By.cssSelector("#people th[aria-sort]"));
            assertThat(nameHeading.getAttribute("aria-sort")).isEqualTo("ascending");
            assertThat(nameHeading.getText()).startsWith("Name");
            browser.findElement(By.cssSelector("#people thead a[href*='sort=name']")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("list-summary"), "by name Z\u2013A"));
            assertThat(rowIds()).containsExactly(carol.id(), bob.id(), alice.id());
            expectWellFormed(width);
            screenshot(width, "people-sorted");

            String export = browser.findElement(By.id("export")).getAttribute("href");
            assertThat(export).contains("/admin/contacts/export.csv?", "q=" + name, "account=none", "sort=name",
                    "dir=desc");
            String csv = Http.as(port, "demo", "demo").get(export.substring(export.indexOf("/admin"))).body();
            assertThat(csv.lines()).hasSize(4);
            assertThat(csv.lines().skip(1).map(line -> line.split(",")[1])).containsExactly("\"Carol\"", "\"Bob\"",
                    "\"Alice\"");

            browser.findElement(By.id("clear-filters")).click();
            wait.until(ExpectedConditions.urlMatches(".*/admin/contacts$"));
            assertThat(byLabel("Search by name or email").getAttribute("value")).isEmpty();
        });
    }

    // ---- what every page promises, at either width ----

    /**
     * No script; a label for every field and a scope for every column heading; the skip link the first stop of the
     * keyboard and no positive tabindex; one main landmark; and nothing wider than the window.
     */
    private static void expectWellFormed(int width) {
        assertThat(browser.findElements(By.tagName("script"))).isEmpty();
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

    private static void narrowTo(int width) {
        browser.manage().window().setSize(new Dimension(width, width == PHONE ? 844 : 768));
    }

    private static WebElement byLabel(String text) {
        String id = browser.findElement(By.xpath("//label[normalize-space()='" + text + "']")).getAttribute("for");
        return browser.findElement(By.id(id));
    }

    private static String problemOf(String field) {
        WebElement input = browser.findElement(By.id(field));
        assertThat(input.getAttribute("aria-invalid")).isEqualTo("true");
        return browser.findElement(By.id(input.getAttribute("aria-describedby"))).getText();
    }

    private static List<String> rowIds() {
        return browser.findElements(By.cssSelector("#people tbody tr")).stream()
                .map(row -> row.getAttribute("id").replace("person-", "")).toList();
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    /** The whole page, the window stretched for the moment to the page's height. */
    private static void screenshot(int width, String name) {
        Dimension window = browser.manage().window().getSize();
        long page = (Long) ((JavascriptExecutor) browser).executeScript("return document.documentElement.scrollHeight;");
        try {
            browser.manage().window().setSize(new Dimension(window.getWidth(), Math.max(window.getHeight(),
                    (int) page + 140)));
            Files.write(SCREENSHOTS.resolve(width + "-" + name + ".png"),
                    ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } finally {
            browser.manage().window().setSize(window);
        }
    }

    /** A browser step; should it fail, its screenshot and HTML are kept as {@code <width>-<name>-failure}. */
    private static void step(int width, String name, Runnable body) {
        try {
            body.run();
        } catch (RuntimeException | AssertionError failure) {
            try {
                screenshot(width, name + "-failure");
                Files.writeString(SCREENSHOTS.resolve(width + "-" + name + "-failure.html"), browser.getPageSource(),
                        StandardCharsets.UTF_8);
            } catch (RuntimeException | IOException ignored) {
                failure.addSuppressed(ignored);
            }
            throw failure;
        }
    }
}
