package org.credentialcourier.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.contact.ContactRepository;
import org.credentialcourier.invitation.InvitationRepository;
import org.credentialcourier.support.CourierTest;
import org.credentialcourier.support.Http;
import org.credentialcourier.support.Scenario;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The people directory in headless Chromium, as a new admin meets it: sign in and land on People, add a person with
 * a mistake and then right (inviting at once), search, filter, sort by a column heading, the export link that
 * carries the filter, and the bulk actions: tick two and invite, then every box of the page and "all matching" with
 * its dry run and Confirm, each followed to the run's page. Each test runs on a laptop (1366×768) and on a phone's width (390 px): the page must never
 * scroll sideways, every field has its label, the skip link comes first and nothing runs a script. Screenshots go to
 * {@code target/people/<width>-<step>.png}.
 */
@CourierTest
class PeopleBrowserTest {

    private static final Path SCREENSHOTS = Path.of("target", "people");
    private static final int LAPTOP = ConsolePageChecks.LAPTOP;
    private static final int PHONE = ConsolePageChecks.PHONE;

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
        if (browser == null) {
            browser = ConsolePageChecks.start(SCREENSHOTS);
            wait = ConsolePageChecks.waitFor(browser);
        }
        BpmnAwareTests.init(engine);
        // every test signs in from the console's address, as a bookmark would: the home is the people directory
        ConsolePageChecks.signIn(browser, wait, port, "demo", "demo");
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
     * Issue 16, pre-send checks: an address at a likely typo of a common domain is not added at once; the form says
     * "Did you mean …?", keeps what was typed, and adds and invites when the admin ticks "Add and send even so".
     */
    @ParameterizedTest(name = "{0} px wide")
    @ValueSource(ints = {LAPTOP, PHONE})
    void addAPersonAtALikelyTypoAndSendEvenSo(int width) {
        String name = ConsoleFixtures.marker("Typo");
        String email = Scenario.uniqueEmail("browser.typo").replace("@example.org", "@gmial.com");
        narrowTo(width);
        step(width, "person-typo", () -> {
            browser.findElement(By.id("add-person")).click();
            wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Add a person"));
            byLabel("First name").sendKeys("Ada");
            byLabel("Last name").sendKeys(name);
            byLabel("Email").sendKeys(email);
            byLabel("Invite now: send the credentials email right away").click();
            browser.findElement(By.xpath("//button[normalize-space()='Add the person']")).click();

            WebElement warnings = wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.id("address-warnings")));
            assertThat(warnings.getAttribute("role")).isEqualTo("alert");
            assertThat(warnings.getText()).contains("Did you mean " + email.replace("@gmial.com", "@gmail.com") + "?");
            assertThat(byLabel("Email").getAttribute("value")).as("kept as typed").isEqualTo(email);
            assertThat(byLabel("Invite now: send the credentials email right away").isSelected()).isTrue();
            expectWellFormed(width);
            screenshot(width, "person-typo-warning");

            byLabel("Add and send even so: the address is right as typed").click();
            browser.findElement(By.xpath("//button[normalize-space()='Add the person']")).click();
            WebElement notice = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".notice")));
            assertThat(notice.getText()).contains("Ada " + name + " was added.",
                    "An invitation is on its way to " + email);
            screenshot(width, "person-typo-added");
        });
        Contact ada = contacts.findByEmail(email).orElseThrow();
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

    @ParameterizedTest(name = "{0} px wide")
    @ValueSource(ints = {LAPTOP, PHONE})
    void tickTwoAndInviteThenAllMatchingWithADryRun(int width) {
        String name = ConsoleFixtures.marker("Bulk");
        List<Contact> people = fixtures.contacts(name, "Ada", "Alan", "Barbara", "Edsger", "Grace");
        Contact ada = people.get(0);
        Contact alan = people.get(1);
        Contact barbara = people.get(2);
        fixtures.active(people.get(4));
        narrowTo(width);
        step(width, "people-bulk", () -> {
            browser.get(url("/admin/contacts?q=" + name));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("list-summary"), "5 people matching"));
            byLabel("Select Ada " + name).click();
            byLabel("Select Alan " + name).click();
            expectWellFormed(width);
            screenshot(width, "people-ticked");
            browser.findElement(By.id("bulk-invite")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Bulk run: invite, 2 rows"));
            assertThat(browser.findElement(By.cssSelector(".notice")).getText())
                    .contains("Bulk run started: Invite 2 people: 2 will get an email.");
            expectWellFormed(width);
            screenshot(width, "bulk-run-ticked");
            String ticked = browser.getCurrentUrl().replaceAll(".*/admin/bulk/", "");
            fixtures.runChunks(ticked);
            assertThat(invitations.findOpenForContact(ada.id())).isPresent();
            assertThat(invitations.findOpenForContact(alan.id())).isPresent();
            assertThat(invitations.findOpenForContact(barbara.id())).as("not ticked").isEmpty();

            // every box of the page, then everyone matching: a dry run first, then Confirm
            browser.get(url("/admin/contacts?q=" + name));
            browser.findElement(By.id("tick-all")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("all-on-page")));
            assertThat(browser.findElements(By.cssSelector("#people tbody input[type=checkbox]")))
                    .hasSize(5).allMatch(WebElement::isSelected);
            expectWellFormed(width);
            screenshot(width, "people-all-ticked");
            byLabel("Select all 5 matching").click();
            browser.findElement(By.id("bulk-invite")).click();
            wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Invite 5 people?"));
            assertThat(browser.findElement(By.id("dry-run")).getText()).isEqualTo(
                    "Invite 5 people: 2 will get an email, 3 skipped (open invitation: 2, already active: 1).");
            assertThat(invitations.findOpenForContact(barbara.id())).as("a dry run").isEmpty();
            expectWellFormed(width);
            screenshot(width, "people-dry-run");
            browser.findElement(By.id("confirm")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Bulk run: invite, 5 rows"));
            fixtures.runChunks(browser.getCurrentUrl().replaceAll(".*/admin/bulk/", ""));
            browser.navigate().refresh();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("run-state"), "finished"));
            assertThat(browser.findElement(By.id("count-done")).getText()).isEqualToIgnoringWhitespace("2invited");
            assertThat(browser.findElement(By.id("count-skipped")).getText()).isEqualToIgnoringWhitespace("3skipped");
            assertThat(browser.findElement(By.id("skipped-csv")).getAttribute("href")).endsWith("/skipped.csv");
            expectWellFormed(width);
            screenshot(width, "bulk-run-matching");
        });
        assertThat(invitations.findOpenForContact(barbara.id())).isPresent();
        assertThat(invitations.findOpenForContact(people.get(3).id())).isPresent();
    }

        // ---- what every page promises, at either width: ConsolePageChecks ----

    private static void expectWellFormed(int width) {
        ConsolePageChecks.expectWellFormed(browser, width);
    }

    private static void narrowTo(int width) {
        ConsolePageChecks.narrowTo(browser, width);
    }

    private static WebElement byLabel(String text) {
        return ConsolePageChecks.byLabel(browser, text);
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

    private static void screenshot(int width, String name) {
        ConsolePageChecks.screenshot(browser, SCREENSHOTS, width, name);
    }

    private static void step(int width, String name, Runnable body) {
        ConsolePageChecks.step(browser, SCREENSHOTS, width, name, body);
    }
}
