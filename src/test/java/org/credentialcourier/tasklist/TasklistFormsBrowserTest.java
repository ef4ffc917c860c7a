package org.credentialcourier.tasklist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.engine.TasklistFilters;
import org.credentialcourier.delivery.MailDeliveryProcess;
import org.credentialcourier.bulk.BulkInvitationProcess;
import org.credentialcourier.bulk.BulkService;
import org.credentialcourier.bulk.BulkSource;
import org.credentialcourier.invitation.InvitationProcess;
import org.credentialcourier.password.PasswordChangeProcess;
import org.credentialcourier.password.PasswordChangeProcess.Delivery;
import org.credentialcourier.password.PasswordChangeService;
import org.credentialcourier.reset.PasswordResetProcess;
import org.credentialcourier.support.CourierTest;
import org.credentialcourier.support.DeliveryDriver;
import org.credentialcourier.support.HeadlessChromium;
import org.credentialcourier.support.Scenario;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The Camunda Forms of {@code forms/} as an admin sees them: in Tasklist, in a real browser (Debian's chromium,
 * headless). The engine tests submit the forms' variables through the form service; only a browser shows that
 * Tasklist finds each form, that form-js renders every field of it with its label, that the admin's tasks show where
 * a stuck email was going and why, that the hand-over forms carry only the link to the hand-over page (never a
 * password or token), and that the filters of {@link TasklistFilters} are there. Screenshots of every form go to
 * {@code target/tasklist/<form id>.png}, for a look by eye.
 */
@CourierTest
class TasklistFormsBrowserTest {

    private static final Path SCREENSHOTS = Path.of("target", "tasklist");
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A single-use token is 256 bits in base64url: 43 characters; nothing else a form shows is that long. */
    private static final Pattern TOKEN_LIKE = Pattern.compile("[A-Za-z0-9_-]{40,}");
    /**
     * Where form-js renders a Camunda Form: in the start dialog, or in the task's details. Elements are looked up
     * afresh from these each time, as Tasklist may render a form again while it loads.
     */
    private static final String START_FORM = ".modal-dialog .fjs-form";
    private static final String TASK_FORM = ".task-details .fjs-form";

    private static WebDriver browser;
    private static WebDriverWait wait;
    private static boolean signedIn;
    private static String skipReason;

    @LocalServerPort int port;
    @Autowired ProcessEngine engine;
    @Autowired RepositoryService repository;
    @Autowired TaskService tasks;
    @Autowired Scenario scenario;
    @Autowired PasswordChangeService passwordChanges;
    @Autowired BulkService bulks;
    @Autowired org.camunda.bpm.engine.ManagementService management;

    @BeforeAll
    static void startBrowser() throws IOException {
        skipReason = HeadlessChromium.whyNot();
        if (skipReason != null) {
            // skipped test by test in @BeforeEach, so that the report counts them as skipped
            return;
        }
        browser = HeadlessChromium.start(1400, 1000);
        // AngularJS re-renders lists as data arrives: an element found a moment ago may be gone, so look again
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
        load(tasklist());
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("input[placeholder='Username']")))
                .sendKeys("demo");
        browser.findElement(By.cssSelector("input[placeholder='Password']")).sendKeys("demo");
        browser.findElement(By.cssSelector("button[type='submit']")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".task-filter")));
        signedIn = true;
    }

    // ---- start forms ----

    @ParameterizedTest(name = "{1}")
    @CsvSource({
            InvitationProcess.PROCESS_KEY + ", invite-contact",
            PasswordChangeProcess.PROCESS_KEY + ", change-password",
            PasswordResetProcess.PROCESS_KEY + ", send-reset-link",
            BulkInvitationProcess.PROCESS_KEY + ", invite-contacts-in-bulk"})
    void startFormShowsEveryFieldOfItsCamundaForm(String processKey, String formId) {
        String processName = repository.createProcessDefinitionQuery().processDefinitionKey(processKey)
                .latestVersion().singleResult().getName();
        JsonNode form = form(formId);
        onFailure(formId, () -> {
            load(tasklist());
            click(By.xpath("//a[normalize-space()='Start process']"));
            wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector(".modal-dialog input[ng-model='page.searchValue']"))).sendKeys(processName);
            // the list follows every keystroke: click once it shows only what matches the whole name
            wait.until(d -> {
                List<WebElement> shown = d.findElements(By.cssSelector(".modal-dialog ul.processes li a"));
                if (shown.isEmpty() || !shown.stream().allMatch(a -> a.getText().contains(processName))) {
                    return false;
                }
                shown.stream().filter(a -> processName.equals(a.getText().trim())).findFirst()
                        .orElseThrow(() -> new AssertionError("No process named " + processName)).click();
                return true;
            });

            wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(START_FORM)));
            assertThat(browser.findElement(By.cssSelector(".modal-dialog .modal-header")).getText())
                    .isEqualTo("Start process: " + processName);
            assertFields(START_FORM, form);
            if ("change-password".equals(formId)) {
                assertThat(radio(START_FORM, form, "Field_Delivery", "email").isSelected())
                        .as("emailing is the default").isTrue();
            }
            assertNoSecrets(START_FORM, form);
            screenshot(formId, START_FORM);

            click(By.xpath("//div[contains(@class,'modal-footer')]//button[normalize-space()='Back']"));
            click(By.xpath("//div[contains(@class,'modal-footer')]//button[normalize-space()='Close']"));
            wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".modal-dialog")));
        });
    }

    // ---- task forms ----

    @Test
    void reviewBulkInvitationResultShowsWhatWasSkippedAndLinksToTheRun() {
        Contact contact = scenario.newContact();
        String bulkId = bulks.start(bulks.planInvitations(BulkSource.CONTACT_IDS,
                List.of(contact.id(), "no-such-contact")), "demo").id();
        var bulk = engine.getRuntimeService().createProcessInstanceQuery().variableValueEquals("bulkId", bulkId)
                .singleResult();
        List<org.camunda.bpm.engine.runtime.Job> jobs;
        while (!(jobs = management.createJobQuery().processInstanceId(bulk.getId()).list()).isEmpty()) {
            management.executeJob(jobs.get(0).getId());
        }
        Task task = scenario.task(bulk);
        assertThat(task.getTaskDefinitionKey()).isEqualTo(BulkInvitationProcess.Elements.REVIEW_RESULT);
        JsonNode form = form("review-bulk-invitation-result");

        onFailure("review-bulk-invitation-result", () -> {
            openTask(task);
            wait.until(d -> value(TASK_FORM, "Field_ReviewSummary").contains("Skipped: 1"));
            assertThat(value(TASK_FORM, "Field_ReviewSummary")).contains("Invited: 1 of 2", "No such contact");
            assertThat(isReadonly(input(TASK_FORM, "Field_ReviewSummary"))).isTrue();
            assertThat(value(TASK_FORM, "Field_ReviewLink")).endsWith("/admin/bulk/" + bulkId);
            assertFields(TASK_FORM, form);
            assertNoSecrets(TASK_FORM, form);
            screenshot("review-bulk-invitation-result", TASK_FORM);
        });
    }

    @Test
    void resolveFailedDeliveryShowsRecipientErrorAndTheFourChoices() {
        Contact contact = scenario.newContact();
        ProcessInstance delivery = failedDelivery(contact);
        Task task = scenario.task(delivery);
        assertThat(task.getTaskDefinitionKey()).isEqualTo(MailDeliveryProcess.Elements.RESOLVE_FAILED_DELIVERY);
        // claimed by demo, so that the form is editable and the choice that needs an address can be tried out
        tasks.claim(task.getId(), "demo");
        JsonNode form = form("resolve-failed-delivery");

        onFailure("resolve-failed-delivery", () -> {
            openTask(task);
            wait.until(d -> contact.email().equals(value(TASK_FORM, "Field_RecipientEmail")));
            assertThat(isReadonly(input(TASK_FORM, "Field_RecipientEmail")))
                    .as("the recipient cannot be edited here").isTrue();
            wait.until(d -> !value(TASK_FORM, "Field_LastDeliveryError").isBlank());
            assertThat(value(TASK_FORM, "Field_LastDeliveryError")).contains("Connection refused");
            assertThat(isReadonly(input(TASK_FORM, "Field_LastDeliveryError"))).isTrue();

            assertThat(browser.findElements(By.cssSelector(TASK_FORM + " [id*='Field_CorrectedEmail']")))
                    .as("the corrected address only when that is the choice").isEmpty();
            assertThat(browser.findElements(By.cssSelector(TASK_FORM + " input[type='radio'][id*='Field_Resolution']")))
                    .hasSize(4).noneMatch(WebElement::isSelected);
            // the option for value correct-address, by its position in the JSON, reveals the field conditioned on it
            radio(TASK_FORM, form, "Field_Resolution", "correct-address").click();
            input(TASK_FORM, "Field_CorrectedEmail");
            assertFields(TASK_FORM, form);
            assertNoSecrets(TASK_FORM, form);
            screenshot("resolve-failed-delivery", TASK_FORM);
        });
    }

    @Test
    void handOverByHandLinksToTheHandOverPageOnly() {
        Contact contact = scenario.newContact();
        ProcessInstance delivery = failedDelivery(contact);
        tasks.complete(scenario.task(delivery).getId(),
                Map.of(MailDeliveryProcess.Vars.RESOLUTION, MailDeliveryProcess.Resolution.MANUAL.code()));
        scenario.runDeliveryJob(delivery);
        Task task = scenario.task(delivery);
        assertThat(task.getTaskDefinitionKey()).isEqualTo(MailDeliveryProcess.Elements.HAND_OVER_MANUALLY);

        assertHandOverForm(task, "hand-over-manually", delivery.getId());
    }

    @Test
    void handOverTheNewPasswordLinksToTheHandOverPageOnly() {
        Contact contact = scenario.activeContact();
        ProcessInstance change = engine.getRuntimeService().createProcessInstanceQuery()
                .processInstanceId(passwordChanges.request(contact.id(), Delivery.MANUAL, "demo").processInstanceId())
                .singleResult();
        Task task = scenario.task(change);
        assertThat(task.getTaskDefinitionKey()).isEqualTo(PasswordChangeProcess.Elements.HAND_OVER_NEW_PASSWORD);

        assertHandOverForm(task, "hand-over-new-password", change.getId());
    }

    // ---- filters ----

    @Test
    void theSharedFiltersAreListedInTheirOrderAndShowWhatTheyPromise() {
        Contact contact = scenario.newContact();
        Task task = scenario.task(failedDelivery(contact));
        tasks.claim(task.getId(), "demo");

        onFailure("filters", () -> {
            load(tasklist());
            List<String> names = wait.until(d -> {
                List<String> shown = filterNames();
                return shown.containsAll(List.of(TasklistFilters.FAILED_DELIVERIES,
                        TasklistFilters.MANUAL_HAND_OVERS, TasklistFilters.ALL_MY_TASKS)) ? shown : null;
            });
            assertThat(names).containsSubsequence(TasklistFilters.FAILED_DELIVERIES,
                    TasklistFilters.MANUAL_HAND_OVERS, TasklistFilters.ALL_MY_TASKS);

            // the list shows the newest task first, 15 a page: this test's task, whichever others the database holds
            wait.until(d -> filterLink(TasklistFilters.ALL_MY_TASKS)).click();
            wait.until(d -> listed(task));

            wait.until(d -> filterLink(TasklistFilters.FAILED_DELIVERIES)).click();
            // the variables of the filter, under the task: where the email was going and why it failed; the filter
            // refreshes its list now and then, so the entry is looked up afresh each time
            String entry = wait.until(d -> {
                WebElement item = listed(task);
                return item != null && item.getText().contains(contact.email()) ? item.getText() : null;
            });
            assertThat(entry).contains("Resolve failed delivery", "Recipient", "Last error", "Connection refused");
            // the mouse off the filter, whose tooltip would cover the list in the screenshot
            wait.until(d -> {
                new Actions(d).moveToElement(listed(task)).perform();
                return true;
            });
            screenshot("filters");
        });
    }

    // ---- the engine's side ----

    /** A first invitation email that failed until "Resolve failed delivery" waits for an admin. */
    private ProcessInstance failedDelivery(Contact contact) {
        ProcessInstance delivery = scenario.firstAttempt(contact).delivery();
        DeliveryDriver.escalateWhileSmtpIsDown(scenario, delivery);
        return delivery;
    }

    // ---- the browser's side ----

    private void assertHandOverForm(Task task, String formId, String processInstanceId) {
        JsonNode form = form(formId);
        String page = "/admin/handover/" + processInstanceId;
        onFailure(formId, () -> {
            openTask(task);
            wait.until(d -> value(TASK_FORM, "Field_HandoverUrl").endsWith(page));
            assertThat(isReadonly(input(TASK_FORM, "Field_HandoverUrl"))).isTrue();
            String href = wait.until(d -> d.findElements(By.cssSelector(TASK_FORM + " .fjs-form-field-text a")).stream()
                    .filter(a -> "Open the hand-over page".equals(a.getText().trim()))
                    .map(a -> a.getAttribute("href")).findFirst().orElse(null));
            assertThat(href).endsWith(page);
            assertFields(TASK_FORM, form);
            assertNoSecrets(TASK_FORM, form);
            screenshot(formId, TASK_FORM);
        });
    }

    private String tasklist() {
        return "http://localhost:" + port + "/camunda/app/tasklist/default/";
    }

    /** Opens the task by its address (whatever other tasks the shared database holds) and waits for its form. */
    private void openTask(Task task) {
        load(tasklist() + "#/?task=" + task.getId());
        wait.until(d -> d.findElements(By.cssSelector(".task-details")).stream()
                .anyMatch(details -> details.getText().contains(task.getName())));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(TASK_FORM)));
    }

    /**
     * A fresh page load: Tasklist's addresses differ only after the {@code #}, which a browser would treat as a move
     * within the page, leaving the previous task's form in place for a moment.
     */
    private static void load(String url) {
        browser.get("about:blank");
        browser.get(url);
    }

    /** The task's entry in the task list, if it shows. */
    private static WebElement listed(Task task) {
        return browser.findElements(By.cssSelector(".tasks-list > li.task")).stream()
                .filter(item -> !item.findElements(By.cssSelector("a[href*='task=" + task.getId() + "']")).isEmpty())
                .findFirst().orElse(null);
    }

    /** The names in the filter list, without the count that the focused filter shows. */
    private static List<String> filterNames() {
        return browser.findElements(By.cssSelector(".task-filter .name a")).stream()
                .map(TasklistFormsBrowserTest::filterName).toList();
    }

    private static WebElement filterLink(String name) {
        return browser.findElements(By.cssSelector(".task-filter .name a")).stream()
                .filter(a -> name.equals(filterName(a))).findFirst().orElse(null);
    }

    private static String filterName(WebElement link) {
        String counter = link.findElements(By.cssSelector(".counter")).stream().map(WebElement::getText)
                .findFirst().orElse("");
        String text = link.getText().trim();
        return counter.isEmpty() || !text.endsWith(counter) ? text
                : text.substring(0, text.length() - counter.length()).trim();
    }

    /**
     * The form is the one of the JSON, field by field: the heading of its text, and for every component with a
     * {@code key} its label and an input whose id carries the component id, of the kind the type asks for; a radio
     * has one option per value, in the JSON's order and with its label. A component hidden by its condition must be
     * shown before this is called.
     */
    private static void assertFields(String scope, JsonNode form) {
        for (JsonNode component : form.get("components")) {
            String id = component.get("id").asText();
            String type = component.get("type").asText();
            if ("text".equals(type)) {
                String heading = component.get("text").asText().lines().findFirst().orElse("")
                        .replaceFirst("^#+\\s*", "");
                assertThat(browser.findElement(By.cssSelector(scope)).getText()).as("text of %s", id).contains(heading);
                continue;
            }
            WebElement field = field(scope, id);
            assertThat(field.findElement(By.cssSelector(".fjs-form-field-label")).getText())
                    .as("label of %s", id).startsWith(component.get("label").asText());
            switch (type) {
                case "textfield" -> assertThat(input(scope, id).getAttribute("type")).isEqualTo("text");
                case "textarea" -> assertThat(input(scope, id).getTagName()).isEqualTo("textarea");
                case "checkbox" -> {
                    assertThat(input(scope, id).getAttribute("type")).isEqualTo("checkbox");
                    assertThat(input(scope, id).isSelected()).as("%s starts unticked", id)
                            .isEqualTo(component.path("defaultValue").asBoolean(false));
                }
                case "radio" -> {
                    assertThat(field.findElements(By.cssSelector("input[type='radio']")))
                            .as("options of %s", id).hasSize(component.get("values").size());
                    for (JsonNode value : component.get("values")) {
                        WebElement option = radio(scope, form, id, value.get("value").asText());
                        assertThat(optionLabel(field, option)).as("option %s of %s", value.get("value"), id)
                                .isEqualTo(value.get("label").asText());
                    }
                }
                default -> throw new AssertionError("No check for a " + type + " field (" + id + ")");
            }
        }
    }

    /**
     * No password or token in any field: no password input, no field whose key speaks of one, no activation or
     * reset link, nothing shaped like a token in any value or text of the form.
     */
    private static void assertNoSecrets(String scope, JsonNode form) {
        WebElement rendered = browser.findElement(By.cssSelector(scope));
        assertThat(rendered.findElements(By.cssSelector("input[type='password']"))).isEmpty();
        for (JsonNode component : form.get("components")) {
            if (component.hasNonNull("key")) {
                assertThat(component.get("key").asText().toLowerCase()).doesNotContain("password", "token");
            }
        }
        List<String> shown = new ArrayList<>();
        shown.add(rendered.getText());
        for (WebElement input : rendered.findElements(By.cssSelector("input, textarea"))) {
            shown.add(input.getAttribute("value"));
        }
        for (WebElement link : rendered.findElements(By.cssSelector("a[href]"))) {
            shown.add(link.getAttribute("href"));
        }
        for (String text : shown) {
            if (text == null) {
                continue;
            }
            assertThat(text).doesNotContain("token=", Scenario.MEMBER_PASSWORD);
            assertThat(TOKEN_LIKE.matcher(text).find()).as("a token-like value in: %s", text).isFalse();
        }
    }

    /** The {@code .fjs-form-field} of a component: its label, its input(s), its description. */
    private static WebElement field(String scope, String componentId) {
        return wait.until(d -> input(scope, componentId).findElement(By.xpath(
                "./ancestor::*[contains(concat(' ', normalize-space(@class), ' '), ' fjs-form-field ')][1]")));
    }

    /** The (first) input of a component, once it is there. */
    private static WebElement input(String scope, String componentId) {
        return wait.until(d -> d.findElements(inputOf(scope, componentId)).stream().findFirst().orElse(null));
    }

    /** The value of a component's input as it is now, empty while there is none. */
    private static String value(String scope, String componentId) {
        return browser.findElements(inputOf(scope, componentId)).stream().map(e -> e.getAttribute("value"))
                .filter(v -> v != null).findFirst().orElse("");
    }

    private static By inputOf(String scope, String componentId) {
        return By.cssSelector(scope + " input[id*='" + componentId + "'], " + scope + " textarea[id*='" + componentId
                + "']");
    }

    /**
     * The option of a radio that stands for {@code value}. form-js renders the options in the order of the JSON's
     * {@code values}, with ids ending in {@code -<index>} and without a value attribute: the index is the link.
     */
    private static WebElement radio(String scope, JsonNode form, String componentId, String value) {
        int index = radioValues(component(form, componentId)).indexOf(value);
        assertThat(index).as("%s has a value %s", componentId, value).isNotNegative();
        return wait.until(d -> d.findElements(By.cssSelector(
                scope + " input[type='radio'][id$='" + componentId + "-" + index + "']")).stream().findFirst()
                .orElse(null));
    }

    /** The visible label of a radio option. */
    private static String optionLabel(SearchContext field, WebElement option) {
        return field.findElement(By.cssSelector("label[for='" + option.getAttribute("id") + "']")).getText().trim();
    }

    private static List<String> radioValues(JsonNode component) {
        List<String> values = new ArrayList<>();
        component.get("values").forEach(v -> values.add(v.get("value").asText()));
        return values;
    }

    private static JsonNode component(JsonNode form, String componentId) {
        for (JsonNode component : form.get("components")) {
            if (componentId.equals(component.get("id").asText())) {
                return component;
            }
        }
        throw new AssertionError("No component " + componentId + " in form " + form.get("id").asText());
    }

    private static boolean isReadonly(WebElement input) {
        return input.getAttribute("readonly") != null || input.getAttribute("disabled") != null;
    }

    private static void click(By locator) {
        wait.until(ExpectedConditions.elementToBeClickable(locator)).click();
    }

    private static JsonNode form(String formId) {
        try (InputStream in = TasklistFormsBrowserTest.class.getResourceAsStream("/forms/" + formId + ".form")) {
            assertThat(in).as("forms/%s.form on the classpath", formId).isNotNull();
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A screenshot that shows the whole form: the panes of Tasklist scroll on their own, so the window grows for the
     * moment by what the form reaches below it, with every pane scrolled to the top.
     */
    private static void screenshot(String name, String scope) {
        WebElement rendered = browser.findElement(By.cssSelector(scope));
        Object overflow = ((JavascriptExecutor) browser).executeScript("""
                for (let e = arguments[0]; e; e = e.parentElement) { e.scrollTop = 0; }
                window.scrollTo(0, 0);
                return Math.max(0, Math.ceil(arguments[0].getBoundingClientRect().bottom - window.innerHeight + 120));
                """, rendered);
        long extra = overflow instanceof Number n ? n.longValue() : 0;
        if (extra == 0) {
            screenshot(name);
            return;
        }
        Dimension size = browser.manage().window().getSize();
        browser.manage().window().setSize(new Dimension(size.getWidth(), size.getHeight() + (int) extra));
        try {
            screenshot(name);
        } finally {
            browser.manage().window().setSize(size);
        }
    }

    private static void screenshot(String name) {
        try {
            byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
            Files.write(SCREENSHOTS.resolve(name + ".png"), png);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs a browser step; when it fails, keeps a screenshot and the page's HTML next to the others. */
    private static void onFailure(String name, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException | AssertionError e) {
            try {
                screenshot(name + "-failure");
                Files.writeString(SCREENSHOTS.resolve(name + "-failure.html"),
                        String.valueOf(((JavascriptExecutor) browser).executeScript(
                                "return document.documentElement.outerHTML")), StandardCharsets.UTF_8);
            } catch (RuntimeException | IOException ignored) {
                e.addSuppressed(ignored);
            }
            throw e;
        }
    }
}
