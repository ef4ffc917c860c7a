package org.credentialcourier.member;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.calledProcessInstance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.reset.PasswordReset;
import org.credentialcourier.reset.PasswordResetProcess;
import org.credentialcourier.reset.PasswordResetRepository;
import org.credentialcourier.support.CourierTest;
import org.credentialcourier.support.Http;
import org.credentialcourier.support.Http.Response;
import org.credentialcourier.support.Scenario;
import org.credentialcourier.support.Tables;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The credentials an admin or a reset hands out, proven over HTTP the way a person uses them: sign in, the forced
 * change of a temporary password, reset links, forgot-password, and the limits on guessing.
 */
@CourierTest
@ExtendWith(OutputCaptureExtension.class)
class MemberCredentialsEndToEndTest {

    private static final String CHOSEN = "granite rivers whisper 9";

    @LocalServerPort int port;
    @Autowired ProcessEngine engine;
    @Autowired RuntimeService runtime;
    @Autowired Scenario scenario;
    @Autowired PasswordResetRepository resets;
    @Autowired DataSource dataSource;
    @Autowired org.springframework.jdbc.core.simple.JdbcClient jdbc;

    private Http admin;

    @BeforeEach
    void init() {
        BpmnAwareTests.init(engine);
        admin = Http.as(port, "demo", "demo");
    }

    @Test
    void manualChangeThenSignInForcesAChangeThenTheNewPasswordWorks(CapturedOutput output) throws Exception {
        Contact contact = scenario.activeContact();
        Response changed = admin.postJson("/api/contacts/" + contact.id() + "/password", Map.of("delivery", "manual"));
        assertThat(changed.status()).isEqualTo(201);
        assertThat(changed.header("Cache-Control")).contains("no-store");
        String temporary = changed.json().get("password").asText();
        assertThat(temporary).hasSize(16);

        Http member = Http.anonymous(port);
        assertThat(signIn(member, contact.email(), Scenario.MEMBER_PASSWORD).status()).as("old password").isEqualTo(401);
        Response signedIn = signIn(member, contact.email(), temporary);
        assertThat(signedIn.status()).isEqualTo(302);
        assertThat(signedIn.header("Location")).endsWith("/change-password");
        assertThat(member.get("/account").header("Location")).as("nothing else before the change")
                .endsWith("/change-password");

        Response form = member.get("/change-password");
        assertThat(form.body()).contains("is temporary").doesNotContain("currentPassword");
        Response done = member.postForm("/change-password", Map.of("_csrf", form.csrfToken(),
                "password", CHOSEN, "passwordConfirmation", CHOSEN));
        assertThat(done.status()).isEqualTo(302);
        assertThat(member.get("/account").body()).contains("You are signed in as Ada Lovelace");

        Http again = Http.anonymous(port);
        assertThat(signIn(again, contact.email(), temporary).status()).isEqualTo(401);
        assertThat(signIn(again, contact.email(), CHOSEN).header("Location")).endsWith("/account");

        String history = admin.get("/api/contacts/" + contact.id()).body();
        assertThat(history).contains("password-revealed", "password-changed-by-contact").doesNotContain(temporary);
        assertThat(Tables.cellsContaining(dataSource, temporary)).isEmpty();
        assertThat(Tables.cellsContaining(dataSource, CHOSEN)).isEmpty();
        assertThat(output.getAll()).doesNotContain(temporary).doesNotContain(CHOSEN);
    }

    @Test
    void emailedPasswordWorks() throws Exception {
        Contact contact = scenario.activeContact();
        Response changed = admin.postJson("/api/contacts/" + contact.id() + "/password", Map.of("delivery", "email"));
        assertThat(changed.status()).isEqualTo(201);
        assertThat(changed.json().has("password")).isFalse();
        ProcessInstance change = runtime.createProcessInstanceQuery().processDefinitionKey("password-change")
                .variableValueEquals("changeId", changed.json().get("id").asText()).singleResult();
        scenario.runDeliveryJob(calledProcessInstance(change));

        String text = Scenario.text(scenario.lastMail(contact.email()));
        String password = text.lines().map(String::strip).filter(l -> l.matches("[A-Za-z2-9!#%+=?@_~-]{16}"))
                .findFirst().orElseThrow();
        assertThat(signIn(Http.anonymous(port), contact.email(), password).header("Location"))
                .endsWith("/change-password");
        assertThat(Tables.cellsContaining(dataSource, password)).isEmpty();

        // a temporary password past courier.password.temporary-validity no longer signs in
        jdbc.sql("UPDATE account_password SET valid_until = :past WHERE contact_id = :id")
                .param("past", java.sql.Timestamp.from(java.time.Instant.now().minusSeconds(1)))
                .param("id", contact.id()).update();
        Response expired = signIn(Http.anonymous(port), contact.email(), password);
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.body()).contains("Your temporary password has expired");
    }

    @Test
    void resetLinkWorksOnceAndAnExpiredOneIsRefused(CapturedOutput output) throws Exception {
        Contact contact = scenario.activeContact();
        String token = requestResetLink(contact);

        Http member = Http.anonymous(port);
        Response page = member.get("/reset-password?token=" + token);
        assertThat(member.get("/reset-password?token=" + token).status()).as("opening consumes nothing").isEqualTo(200);
        assertThat(page.body()).contains("Choose a new password");
        assertThat(page.header("Referrer-Policy")).isEqualTo("no-referrer");
        Response done = member.postForm("/reset-password", Map.of("_csrf", page.csrfToken(), "token", token,
                "password", CHOSEN, "passwordConfirmation", CHOSEN));
        assertThat(done.status()).isEqualTo(200);
        assertThat(done.body()).contains("Your password was changed");
        Response second = member.postForm("/reset-password", Map.of("_csrf", page.csrfToken(), "token", token,
                "password", CHOSEN + "x", "passwordConfirmation", CHOSEN + "x"));
        assertThat(second.status()).isEqualTo(410);
        assertThat(signIn(Http.anonymous(port), contact.email(), CHOSEN).header("Location")).endsWith("/account");

        String expiring = requestResetLink(contact);
        PasswordReset pending = resets.pendingForContact(contact.id()).get(0);
        ProcessInstance instance = runtime.createProcessInstanceQuery().variableValueEquals("resetId", pending.id())
                .processDefinitionKey(PasswordResetProcess.PROCESS_KEY).singleResult();
        BpmnAwareTests.execute(BpmnAwareTests.job(PasswordResetProcess.Elements.RESET_LINK_EXPIRED, instance));
        Response expired = member.get("/reset-password?token=" + expiring);
        assertThat(expired.status()).isEqualTo(410);
        assertThat(expired.body()).contains("This link has expired");

        assertThat(Tables.cellsContaining(dataSource, token)).isEmpty();
        assertThat(Tables.cellsContaining(dataSource, expiring)).isEmpty();
        assertThat(output.getAll()).doesNotContain(token).doesNotContain(CHOSEN);
    }

    @Test
    void twentyParallelSubmissionsOfOneLinkMakeExactlyOneSuccess() throws Exception {
        Contact contact = scenario.activeContact();
        String token = requestResetLink(contact);
        List<Http> browsers = new ArrayList<>();
        List<String> csrf = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Http browser = Http.anonymous(port);
            browsers.add(browser);
            csrf.add(browser.get("/reset-password?token=" + token).csrfToken());
        }
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> statuses = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int n = i;
            statuses.add(pool.submit(() -> {
                start.await();
                String password = CHOSEN + " " + n;
                return browsers.get(n).postForm("/reset-password", Map.of("_csrf", csrf.get(n), "token", token,
                        "password", password, "passwordConfirmation", password)).status();
            }));
        }
        start.countDown();
        List<Integer> results = new ArrayList<>();
        for (Future<Integer> status : statuses) {
            results.add(status.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();
        assertThat(results).filteredOn(s -> s == 200).hasSize(1);
        assertThat(results).allMatch(s -> s == 200 || s == 410 || s == 409);
    }

    @Test
    void forgotPasswordAnswersTheSameForEveryAddress() {
        Contact active = scenario.activeContact();
        Contact invited = scenario.newContact();
        scenario.inviteAndDeliver(invited);
        List<String> answers = new ArrayList<>();
        for (String email : List.of(active.email(), invited.email(), Scenario.uniqueEmail("nobody"), "not an address")) {
            Http browser = Http.anonymous(port);
            Response form = browser.get("/forgot-password");
            Response answer = browser.postForm("/forgot-password", Map.of("_csrf", form.csrfToken(), "email", email));
            assertThat(answer.status()).isEqualTo(200);
            answers.add(answer.body().replace(form.csrfToken(), "CSRF"));
        }
        assertThat(answers).containsOnly(answers.get(0));
        assertThat(answers.get(0)).contains("If an account exists for this address");

        // afterwards, on a background thread: a reset link for the account, the invitation again for the invited one
        await().atMost(Duration.ofSeconds(20)).until(() -> !resets.pendingForContact(active.id()).isEmpty());
        await().atMost(Duration.ofSeconds(20)).until(() -> runtime.createProcessInstanceQuery()
                .processDefinitionKey("invitation").variableValueEquals("contactId", invited.id())
                .activityIdIn("CallActivity_DeliverInvitation").count() == 1);
    }

    @Test
    void forgotPasswordIsLimitedPerAddress() {
        String email = Scenario.uniqueEmail("flood");
        Http browser = Http.anonymous(port);
        for (int i = 0; i < 5; i++) {
            Response form = browser.get("/forgot-password");
            assertThat(browser.postForm("/forgot-password", Map.of("_csrf", form.csrfToken(), "email", email)).status())
                    .isEqualTo(200);
        }
        Response form = browser.get("/forgot-password");
        Response limited = browser.postForm("/forgot-password", Map.of("_csrf", form.csrfToken(), "email", email.toUpperCase()));
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("Retry-After")).isNotNull();
        assertThat(limited.body()).contains("Too many requests");
    }

    @Test
    void repeatedSignInFailuresAreSlowedDown() {
        Contact contact = scenario.activeContact();
        Http browser = Http.anonymous(port);
        for (int i = 0; i < 5; i++) {
            assertThat(signIn(browser, contact.email(), "wrong guess " + i).status()).isEqualTo(401);
        }
        Response throttled = signIn(browser, contact.email(), Scenario.MEMBER_PASSWORD);
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.body()).contains("Too many attempts");
        assertThat(signIn(Http.anonymous(port), Scenario.uniqueEmail("other"), "whatever").status())
                .as("other accounts are not affected").isEqualTo(401);
    }

    @Test
    void adminResetLinkApi() {
        Contact contact = scenario.activeContact();
        Response sent = admin.postEmpty("/api/contacts/" + contact.id() + "/password-reset-link");
        assertThat(sent.status()).isEqualTo(202);
        assertThat(sent.json().get("status").asText()).isEqualTo("pending");
        Contact invited = scenario.newContact();
        scenario.invite(invited);
        Response refused = admin.postEmpty("/api/contacts/" + invited.id() + "/password-reset-link");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(admin.postEmpty("/api/contacts/nobody/password-reset-link").status()).isEqualTo(404);
        Response limited = sent;
        for (int i = 0; i < 5 && limited.status() != 429; i++) {
            limited = admin.postEmpty("/api/contacts/" + contact.id() + "/password-reset-link");
        }
        assertThat(limited.status()).as("5 an hour per address").isEqualTo(429);
        assertThat(limited.header("Retry-After")).isNotNull();
        assertThat(limited.header("Content-Type")).startsWith("application/problem+json");
        Response badDelivery = admin.postJson("/api/contacts/" + contact.id() + "/password", Map.of("delivery", "pigeon"));
        assertThat(badDelivery.status()).isEqualTo(400);
        assertThat(badDelivery.json().get("field").asText()).isEqualTo("delivery");
    }

    private String requestResetLink(Contact contact) {
        int before = scenario.mailsTo(contact.email()).size();
        Http browser = Http.anonymous(port);
        Response form = browser.get("/forgot-password");
        browser.postForm("/forgot-password", Map.of("_csrf", form.csrfToken(), "email", contact.email()));
        await().atMost(Duration.ofSeconds(20)).until(() -> !resets.pendingForContact(contact.id()).isEmpty()
                && runtime.createProcessInstanceQuery().processDefinitionKey(PasswordResetProcess.PROCESS_KEY)
                .variableValueEquals("resetId", resets.pendingForContact(contact.id()).get(0).id()).count() == 1);
        ProcessInstance instance = runtime.createProcessInstanceQuery()
                .processDefinitionKey(PasswordResetProcess.PROCESS_KEY)
                .variableValueEquals("resetId", resets.pendingForContact(contact.id()).get(0).id()).singleResult();
        scenario.runDeliveryJob(calledProcessInstance(instance));
        assertThat(scenario.mailsTo(contact.email())).hasSize(before + 1);
        return scenario.lastToken(contact.email());
    }

    private static Response signIn(Http browser, String email, String password) {
        Response form = browser.get("/sign-in");
        return browser.postForm("/sign-in", Map.of("_csrf", form.csrfToken(), "email", email, "password", password));
    }
}
