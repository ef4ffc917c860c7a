package org.credentialcourier.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.digest.Sha512HashDigest;
import org.camunda.bpm.engine.impl.util.EncryptionUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.credentialcourier.invitation.InvitationProcess;
import org.credentialcourier.support.CourierTest;
import org.credentialcourier.support.Scenario;
import org.credentialcourier.support.Tables;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The doors that check a Camunda password (the API's and the console's HTTP Basic, the console's form, the Camunda
 * webapps' login, {@code /engine-rest}) and what an outsider tried at them (issue 13, cases 2, 3, 11, 13, 14 and 15):
 * locking an admin out, cross-site requests riding on cached Basic credentials, weak admin password hashes, odd paths
 * into the engine's REST API, a password oracle, and a Host header reflected into redirects.
 */
@CourierTest
@ExtendWith(OutputCaptureExtension.class)
class AdminDoorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "a long door password";
    private static final AtomicInteger CLIENT = new AtomicInteger();
    private static final AtomicInteger USER = new AtomicInteger();
    private static final String RUN = Long.toString(System.nanoTime() % 1_000_000, 36);
    private static final String EVIL = "https://evil.example";

    @LocalServerPort int port;
    @Autowired DataSource dataSource;
    @Autowired IdentityService identity;
    @Autowired Scenario scenario;
    @Autowired VerifiedPasswords verified;

    private JdbcTemplate jdbc;

    @BeforeEach
    void init() {
        jdbc = new JdbcTemplate(dataSource);
    }

    // ---------------------------------------------------------------- case 2: no lock-out, a delay per user and client

    @Test
    void twentyWrongPasswordsNeverLockAnAdminAndTheRightOneStillWorksFromAnotherClient() throws Exception {
        String admin = newUser("credential-admins");
        // four clients, five wrong passwords each: every one reaches Camunda's password check
        for (int c = 0; c < 4; c++) {
            String client = client();
            for (int i = 0; i < 5; i++) {
                Reply wrong = send("GET", "/api/contacts", client, basic(admin, "wrong " + i), Map.of(), null);
                assertThat(wrong.status()).as(wrong.body()).isEqualTo(401);
            }
        }
        Reply right = send("GET", "/api/contacts", client(), basic(admin, PASSWORD), Map.of(), null);
        assertThat(right.status()).as(right.body()).isEqualTo(200);
        // and again: Camunda's own delay after a failure is off too
        assertThat(send("GET", "/api/contacts", client(), basic(admin, PASSWORD), Map.of(), null).status())
                .isEqualTo(200);
    }

    @Test
    void aThrottledUserAndClientGets429WithRetryAfterOnTheApiAndOthersDoNot() throws Exception {
        String admin = newUser("credential-admins");
        String client = client();
        for (int i = 0; i < 5; i++) {
            assertThat(send("GET", "/api/contacts", client, basic(admin, "wrong"), Map.of(), null).status())
                    .isEqualTo(401);
        }
        // the right password too: the pair is throttled before any password is checked
        Reply throttled = send("GET", "/api/contacts", client, basic(admin, PASSWORD), Map.of(), null);
        assertThrottled(throttled);
        // the same client on the engine's REST API, the console's Basic: the same pair, the same delay
        assertThrottled(send("GET", "/engine-rest/process-definition", client, basic(admin, PASSWORD), Map.of(), null));
        assertThat(send("GET", "/admin/bulk", client, basic(admin, PASSWORD), Map.of(), null).status()).isEqualTo(429);
        // the admin from elsewhere is not affected
        assertThat(send("GET", "/api/contacts", client(), basic(admin, PASSWORD), Map.of(), null).status())
                .isEqualTo(200);
    }

    @Test
    void theEngineRestApiCountsWrongPasswordsToo() throws Exception {
        String admin = newUser("credential-admins");
        String client = client();
        for (int i = 0; i < 5; i++) {
            assertThat(send("GET", "/engine-rest/process-definition", client, basic(admin, "wrong"), Map.of(), null)
                    .status()).isEqualTo(401);
        }
        assertThrottled(send("GET", "/engine-rest/process-definition", client, basic(admin, PASSWORD), Map.of(), null));
    }

    @Test
    void theConsoleFormCountsWrongPasswordsAndAnswers429() throws Exception {
        String admin = newUser("credential-admins");
        Session browser = new Session(client());
        for (int i = 0; i < 5; i++) {
            Reply form = browser.send("GET", "/admin/sign-in", Map.of(), null);
            Reply wrong = browser.form("/admin/sign-in", Map.of("_csrf", csrf(form.body()), "username", admin,
                    "password", "wrong"));
            assertThat(wrong.status()).isEqualTo(302);
            assertThat(wrong.header("Location")).endsWith("/admin/sign-in?error");
        }
        Reply form = browser.send("GET", "/admin/sign-in", Map.of(), null);
        Reply throttled = browser.form("/admin/sign-in", Map.of("_csrf", csrf(form.body()), "username", admin,
                "password", PASSWORD));
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(Long.parseLong(throttled.header("Retry-After"))).isPositive();
        assertThat(throttled.body()).doesNotContain("Exception", "at org.");
    }

    @Test
    void theCamundaWebappLoginCountsWrongPasswordsAndAnswers429() throws Exception {
        String admin = newUser("credential-admins");
        Session browser = new Session(client());
        for (int i = 0; i < 5; i++) {
            assertThat(browser.webappLogin(admin, "wrong", "tasklist").status()).isEqualTo(401);
        }
        Reply throttled = browser.webappLogin(admin, PASSWORD, "tasklist");
        assertThrottled(throttled);
        assertThat(new Session(client()).webappLogin(admin, PASSWORD, "tasklist").status()).isEqualTo(200);
    }

    @Test
    void oneClientGuessingAcrossManyUsersIsThrottledPerClient() throws Exception {
        String client = client();
        int limit = LoginThrottle.FAILURES_PER_CLIENT;
        for (int i = 0; i < limit; i++) {
            Reply wrong = send("GET", "/api/contacts", client, basic("nobody-" + RUN + "-" + i, "wrong"), Map.of(), null);
            assertThat(wrong.status()).as("attempt " + i).isEqualTo(401);
        }
        assertThrottled(send("GET", "/api/contacts", client, basic("demo", "demo"), Map.of(), null));
        assertThat(send("GET", "/api/contacts", client(), basic("demo", "demo"), Map.of(), null).status())
                .isEqualTo(200);
    }

    @Test
    void anOverlongUserNameIsRefusedBeforeAnything() throws Exception {
        Reply reply = send("GET", "/api/contacts", client(), basic("u".repeat(257), "x"), Map.of(), null);
        assertThat(reply.status()).isEqualTo(401);
        assertProblem(reply);
    }

    // ---------------------------------------------------------------- case 3: cross-site requests on Basic

    @ParameterizedTest(name = "a cross-site form ({0}) cannot cancel an invitation")
    @ValueSource(strings = {"application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x"})
    void aCrossSiteFormCannotCancelAnInvitation(String contentType) throws Exception {
        ProcessInstance invitation = scenario.invite(scenario.newContact());
        var before = Tables.rowCounts(dataSource);

        Reply reply = send("POST", "/api/invitations/" + scenario.idOf(invitation) + "/cancel", client(),
                basic("demo", "demo"), Map.of("Origin", EVIL, "Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode",
                        "navigate", "Content-Type", contentType), "");

        assertThat(reply.status()).as(reply.body()).isEqualTo(403);
        assertProblem(reply);
        assertThat(Tables.rowCounts(dataSource)).isEqualTo(before);
        assertThat(scenario.instanceOf(scenario.idOf(invitation))).isNotNull();
    }

    @Test
    void aCrossSiteRequestIsRefusedOnOriginOrSecFetchSiteAlone() throws Exception {
        ProcessInstance invitation = scenario.invite(scenario.newContact());
        String cancel = "/api/invitations/" + scenario.idOf(invitation) + "/cancel";
        var before = Tables.rowCounts(dataSource);

        assertThat(send("POST", cancel, client(), basic("demo", "demo"), Map.of("Origin", EVIL), null).status())
                .isEqualTo(403);
        assertThat(send("POST", cancel, client(), basic("demo", "demo"), Map.of("Origin", "null"), null).status())
                .isEqualTo(403);
        assertThat(send("POST", cancel, client(), basic("demo", "demo"), Map.of("Sec-Fetch-Site", "same-site"), null)
                .status()).isEqualTo(403);
        assertThat(send("POST", "/engine-rest/process-definition/key/" + InvitationProcess.PROCESS_KEY + "/start",
                client(), basic("demo", "demo"), Map.of("Origin", EVIL, "Content-Type", "application/json"), "{}")
                .status()).isEqualTo(403);
        assertThat(Tables.rowCounts(dataSource)).isEqualTo(before);
    }

    @Test
    void aCrossSiteImportIsRefusedAndTextPlainIsRefusedFromAnyone() throws Exception {
        String csv = "email,firstName,lastName,locale\n" + Scenario.uniqueEmail("xsite") + ",Ada,Lovelace,en\n";
        var before = Tables.rowCounts(dataSource);

        Reply crossSite = send("POST", "/api/contacts/import?invite=true", client(), basic("demo", "demo"),
                Map.of("Origin", EVIL, "Sec-Fetch-Site", "cross-site", "Content-Type", "text/plain"), csv);
        assertThat(crossSite.status()).isEqualTo(403);
        assertProblem(crossSite);

        Reply textPlain = send("POST", "/api/contacts/import?invite=true", client(), basic("demo", "demo"),
                Map.of("Content-Type", "text/plain"), csv);
        assertThat(textPlain.status()).as(textPlain.body()).isEqualTo(415);
        assertProblem(textPlain);
        assertThat(Tables.rowCounts(dataSource)).isEqualTo(before);
    }

    @Test
    void aScriptWithJsonStillWorksAndSoDoesTheApplicationsOwnOrigin() throws Exception {
        ProcessInstance first = scenario.invite(scenario.newContact());
        Reply script = send("POST", "/api/invitations/" + scenario.idOf(first) + "/cancel", client(),
                basic("demo", "demo"), Map.of(), null);
        assertThat(script.status()).as(script.body()).isEqualTo(202);

        ProcessInstance second = scenario.invite(scenario.newContact());
        Reply sameOrigin = send("POST", "/api/invitations/cancel", client(), basic("demo", "demo"),
                Map.of("Origin", "https://courier.example.test", "Sec-Fetch-Site", "same-origin", "Content-Type",
                        "application/json"), "{\"ids\":[\"" + scenario.idOf(second) + "\"]}");
        assertThat(sameOrigin.status()).as(sameOrigin.body()).isBetween(200, 299);

        Reply csv = send("POST", "/api/contacts/import", client(), basic("demo", "demo"),
                Map.of("Content-Type", "text/csv"), "email,firstName,lastName,locale\n"
                        + Scenario.uniqueEmail("script") + ",Ada,Lovelace,en\n");
        assertThat(csv.status()).as(csv.body()).isBetween(200, 299);
    }

    @Test
    void aBrowserNavigationToTheApiGetsNoBasicChallenge() throws Exception {
        Reply navigation = send("GET", "/api/contacts", client(), null,
                Map.of("Accept", "text/html,application/xhtml+xml", "Sec-Fetch-Mode", "navigate"), null);
        assertThat(navigation.status()).isEqualTo(401);
        assertThat(navigation.header("WWW-Authenticate")).isNull();
        assertProblem(navigation);

        Reply script = send("GET", "/api/contacts", client(), null, Map.of(), null);
        assertThat(script.status()).isEqualTo(401);
        assertThat(script.header("WWW-Authenticate")).isEqualTo("Basic realm=\"Credential Courier\"");
    }

    // ---------------------------------------------------------------- case 11: Argon2id for Camunda users

    @Test
    void camundaUsersGetArgon2idAndSignInAtEveryDoor() throws Exception {
        assertThat(send("GET", "/api/contacts", client(), basic("demo", "demo"), Map.of(), null).status())
                .isEqualTo(200);
        assertThat(storedHash("demo")).startsWith(Argon2PasswordEncryptor.PREFIX + "$argon2id$");

        String admin = newUser("credential-admins");
        assertThat(storedHash(admin)).startsWith(Argon2PasswordEncryptor.PREFIX + "$argon2id$");
        assertThat(send("GET", "/api/contacts", client(), basic(admin, PASSWORD), Map.of(), null).status())
                .isEqualTo(200);
        assertThat(send("GET", "/engine-rest/process-definition", client(), basic(admin, PASSWORD), Map.of(), null)
                .status()).isEqualTo(200);
        assertThat(new Session(client()).webappLogin(admin, PASSWORD, "tasklist").status()).isEqualTo(200);
        assertThat(new Session(client()).webappLogin(admin, "wrong", "tasklist").status()).isEqualTo(401);
    }

    @Test
    void aScriptsRepeatedCallsCheckItsPasswordOnceAndAPasswordChangeEndsThatAtOnce() throws Exception {
        String admin = newUser("credential-admins");
        String client = client();
        long before = verified.checks();
        for (int i = 0; i < 4; i++) {
            assertThat(send("GET", "/api/contacts", client, basic(admin, PASSWORD), Map.of(), null).status())
                    .isEqualTo(200);
        }
        assertThat(send("GET", "/engine-rest/process-definition", client, basic(admin, PASSWORD), Map.of(), null)
                .status()).isEqualTo(200);
        assertThat(verified.checks() - before).as("Argon2id checks for five calls").isEqualTo(1);

        // a wrong password is checked every time, however often the right one was seen
        for (int i = 0; i < 2; i++) {
            assertThat(send("GET", "/api/contacts", client, basic(admin, PASSWORD + " "), Map.of(), null).status())
                    .isEqualTo(401);
        }
        assertThat(verified.checks() - before).isEqualTo(3);

        // a new password (set here as on any node: nothing tells this class) ends the old one's recognition at once
        User user = identity.createUserQuery().userId(admin).singleResult();
        user.setPassword("another long door password");
        identity.saveUser(user);
        assertThat(send("GET", "/api/contacts", client(), basic(admin, PASSWORD), Map.of(), null).status())
                .isEqualTo(401);
        assertThat(send("GET", "/api/contacts", client(), basic(admin, "another long door password"), Map.of(), null)
                .status()).isEqualTo(200);
        // and a deleted user is refused at once too
        assertThat(send("GET", "/api/contacts", client, basic(admin, "another long door password"), Map.of(), null)
                .status()).isEqualTo(200);
        identity.deleteUser(admin);
        assertThat(send("GET", "/api/contacts", client, basic(admin, "another long door password"), Map.of(), null)
                .status()).isEqualTo(401);
    }

    @Test
    void anOldSha512HashStillSignsInAndIsUpgradedToArgon2id() throws Exception {
        String admin = newUser("credential-admins");
        String salt = jdbc.queryForObject("SELECT SALT_ FROM ACT_ID_USER WHERE ID_ = ?", String.class, admin);
        String old = "{SHA-512}" + new Sha512HashDigest().encrypt(EncryptionUtil.saltPassword(PASSWORD, salt));
        jdbc.update("UPDATE ACT_ID_USER SET PWD_ = ? WHERE ID_ = ?", old, admin);

        assertThat(send("GET", "/api/contacts", client(), basic(admin, "wrong"), Map.of(), null).status())
                .isEqualTo(401);
        assertThat(storedHash(admin)).isEqualTo(old);
        assertThat(send("GET", "/api/contacts", client(), basic(admin, PASSWORD), Map.of(), null).status())
                .isEqualTo(200);

        assertThat(storedHash(admin)).startsWith(Argon2PasswordEncryptor.PREFIX + "$argon2id$");
        assertThat(send("GET", "/engine-rest/process-definition", client(), basic(admin, PASSWORD), Map.of(), null)
                .status()).isEqualTo(200);
        assertThat(new Session(client()).webappLogin(admin, PASSWORD, "tasklist").status()).isEqualTo(200);
    }

    // ---------------------------------------------------------------- case 13: odd paths into the engine's REST API

    @ParameterizedTest(name = "GET {0} without credentials: a clean 4xx, no stack trace")
    @ValueSource(strings = {"/engine-rest;x/user", "//engine-rest/user", "/engine-rest;jsessionid=x/user",
            "/engine-rest/user;x", "/engine-rest//user", "/api;x/contacts", "//api/contacts"})
    void oddPathsIntoTheEngineRestApiAnswerACleanProblem(String path, CapturedOutput output) throws Exception {
        int from = output.length();

        Reply reply = send("GET", path, client(), null, Map.of(), null);

        assertThat(reply.status()).as(reply.body()).isIn(400, 401);
        assertProblem(reply);
        String logged = output.toString().substring(from);
        assertThat(logged).doesNotContain("\tat ", "Exception");
    }

    // ---------------------------------------------------------------- case 14: no password oracle

    @Test
    void identityVerifyIsRefusedOnTheEngineRestApiForEveryone() throws Exception {
        String owner = newUser(AccessControlSetup.PROCESS_OWNERS);
        String admin = newUser("credential-admins");
        String body = "{\"username\":\"demo\",\"password\":\"demo\"}";
        for (String user : List.of(owner, admin)) {
            for (String path : List.of("/engine-rest/identity/verify", "/engine-rest/identity/verify/")) {
                Reply reply = send("POST", path, client(), basic(user, PASSWORD),
                        Map.of("Content-Type", "application/json"), body);
                assertThat(reply.status()).as(user + " " + path + ": " + reply.body()).isEqualTo(403);
                assertProblem(reply);
                assertThat(reply.body()).doesNotContain("authenticated").contains("Checking a password here is not offered");
            }
        }
    }

    @Test
    void identityVerifyIsRefusedOnTheWebappsEngineApi() throws Exception {
        String admin = newUser("credential-admins");
        Session browser = new Session(client());
        assertThat(browser.webappLogin(admin, PASSWORD, "tasklist").status()).isEqualTo(200);

        // a new session after the login: its CSRF token comes with the next page, as the webapp's own script gets it
        browser.send("GET", "/camunda/api/admin/auth/user/default", Map.of(), null);
        // the session and its CSRF header work for a POST of the same API
        Reply query = browser.send("POST", "/camunda/api/engine/engine/default/task",
                Map.of("Content-Type", "application/json", "X-XSRF-TOKEN", browser.xsrf()), "{}");
        assertThat(query.status()).as(query.body()).isEqualTo(200);

        Reply reply = browser.send("POST", "/camunda/api/engine/engine/default/identity/verify",
                Map.of("Content-Type", "application/json", "X-XSRF-TOKEN", browser.xsrf()),
                "{\"username\":\"demo\",\"password\":\"demo\"}");

        assertThat(reply.status()).as(reply.body()).isEqualTo(403);
        assertProblem(reply);
        assertThat(reply.json()).isNotNull();
        assertThat(reply.body()).contains("Checking a password here is not offered");
    }

    // ---------------------------------------------------------------- issue 15: the console and Tasklist side by side

    @Test
    void signingInToTasklistKeepsTheAdminSignedInToTheConsole() throws Exception {
        String admin = newUser("credential-admins");
        Session browser = new Session(client());
        Reply form = browser.send("GET", "/admin/sign-in", Map.of("Accept", "text/html"), null);
        Reply signedIn = browser.form("/admin/sign-in", Map.of("_csrf", csrf(form.body()), "username", admin,
                "password", PASSWORD));
        assertThat(signedIn.status()).isEqualTo(302);
        assertThat(browser.send("GET", "/admin/invitations", Map.of("Accept", "text/html"), null).status())
                .isEqualTo(200);
        String consoleSession = browser.cookie("JSESSIONID");

        assertThat(browser.webappLogin(admin, PASSWORD, "tasklist").status()).isEqualTo(200);

        // Camunda's login still gives the session a new id (session fixation) ...
        assertThat(browser.cookie("JSESSIONID")).isNotEqualTo(consoleSession);
        // ... and Tasklist knows who signed in
        Reply tasklistUser = browser.send("GET", "/camunda/api/admin/auth/user/default", Map.of(), null);
        assertThat(tasklistUser.status()).isEqualTo(200);
        assertThat(tasklistUser.json().get("userId").asText()).isEqualTo(admin);
        // the console did not sign the admin out
        Reply console = browser.send("GET", "/admin/invitations", Map.of("Accept", "text/html"), null);
        assertThat(console.status()).as("the console after the Tasklist sign-in: " + console.header("Location"))
                .isEqualTo(200);
        assertThat(console.body()).contains(admin);
        // and a form the console showed before the Tasklist sign-in still posts: its CSRF token came along
        Reply signedOut = browser.form("/admin/sign-out", Map.of("_csrf", csrf(console.body())));
        assertThat(signedOut.status()).isEqualTo(302);
        assertThat(signedOut.header("Location")).endsWith("/admin/sign-in?signed-out");
        assertThat(browser.send("GET", "/admin/invitations", Map.of("Accept", "text/html"), null).status())
                .isEqualTo(302);
    }

    @Test
    void tasklistsStartListOmitsTheInternalMailDelivery() throws Exception {
        String admin = newUser("credential-admins");
        Session browser = new Session(client());
        assertThat(browser.webappLogin(admin, PASSWORD, "tasklist").status()).isEqualTo(200);

        // the query Tasklist's "Start process" makes
        Reply startable = browser.send("GET", "/camunda/api/engine/engine/default/process-definition"
                + "?latest=true&active=true&startableInTasklist=true&startablePermissionCheck=true", Map.of(), null);

        assertThat(startable.status()).as(startable.body()).isEqualTo(200);
        List<String> keys = new java.util.ArrayList<>();
        startable.json().forEach(definition -> keys.add(definition.get("key").asText()));
        assertThat(keys).contains(InvitationProcess.PROCESS_KEY)
                .doesNotContain(org.credentialcourier.delivery.MailDeliveryProcess.PROCESS_KEY);
    }

    // ---------------------------------------------------------------- case 15: Host headers and redirects

    @ParameterizedTest(name = "GET {0} with a foreign Host: the redirect does not name it")
    @ValueSource(strings = {"/admin/invitations", "/account", "/change-password", "/camunda/", "/camunda",
            "/camunda/app/", "/"})
    void aForeignHostIsNeverReflectedIntoARedirect(String path) throws Exception {
        for (Map<String, String> headers : List.of(Map.of("Host", "evil.example:8091"),
                Map.of("X-Forwarded-Host", "evil.example:8091"), Map.of("X-Forwarded-Host", "evil.example",
                        "X-Forwarded-Proto", "https"))) {
            Map<String, String> all = new LinkedHashMap<>(headers);
            all.put("Accept", "text/html");
            Reply reply = raw("GET", path, all, null);
            assertThat(reply.status()).as(path + " " + headers).isBetween(300, 399);
            assertThat(reply.header("Location")).as(path + " " + headers).doesNotContain("evil.example");
        }
    }

    @Test
    void afterSignInTheSavedRequestDoesNotSendTheBrowserToTheForeignHost() throws Exception {
        Map<String, String> evil = Map.of("Host", "evil.example:8091", "Accept", "text/html");
        Reply first = raw("GET", "/admin/contacts", evil, null);
        assertThat(first.header("Location")).doesNotContain("evil.example");
        String cookie = first.header("Set-Cookie").split(";")[0];
        Reply form = raw("GET", "/admin/sign-in", Map.of("Host", "evil.example:8091", "Cookie", cookie), null);
        String session = form.header("Set-Cookie") == null ? cookie : form.header("Set-Cookie").split(";")[0];
        String body = "_csrf=" + enc(csrf(form.body())) + "&username=demo&password=demo";
        Reply signedIn = raw("POST", "/admin/sign-in", Map.of("Host", "evil.example:8091", "Cookie", session,
                "Content-Type", "application/x-www-form-urlencoded"), body);
        assertThat(signedIn.status()).as(signedIn.headers() + signedIn.body()).isEqualTo(302);
        assertThat(signedIn.header("Location")).doesNotContain("evil.example").startsWith("/admin/contacts");
    }

    // ---------------------------------------------------------------- helpers

    private static void assertThrottled(Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(429);
        assertThat(Long.parseLong(reply.header("Retry-After"))).isPositive();
        assertProblem(reply);
    }

    private static void assertProblem(Reply reply) {
        assertThat(reply.header("Content-Type")).as(reply.body()).startsWith("application/problem+json");
        JsonNode problem;
        try {
            problem = JSON.readTree(reply.body());
        } catch (IOException e) {
            throw new AssertionError("Not JSON: " + reply.body(), e);
        }
        assertThat(problem.get("status").asInt()).isEqualTo(reply.status());
        assertThat(reply.body()).doesNotContain("Exception", "at org.", "at java.");
    }

    private String newUser(String group) {
        String id = "door" + RUN + "x" + USER.incrementAndGet();
        var user = identity.newUser(id);
        user.setPassword(PASSWORD);
        identity.saveUser(user);
        identity.createMembership(id, group);
        return id;
    }

    private String storedHash(String user) {
        return jdbc.queryForObject("SELECT PWD_ FROM ACT_ID_USER WHERE ID_ = ?", String.class, user);
    }

    /** A client address of its own (198.18.0.0/15, used by no other test), as a proxy on loopback reports it. */
    private static String client() {
        int n = CLIENT.incrementAndGet();
        return "198.18." + (n / 250) + "." + (n % 250 + 1);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String csrf(String page) {
        var matcher = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page);
        assertThat(matcher.find()).as(page).isTrue();
        return matcher.group(1);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    record Reply(int status, String body, Map<String, String> headers) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private Reply send(String method, String path, String client, String authorization, Map<String, String> headers,
                       String body) throws Exception {
        return send(HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build(), method, path, client,
                authorization, headers, body);
    }

    private Reply send(HttpClient http, String method, String path, String client, String authorization,
                       Map<String, String> headers, String body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
        if (client != null) {
            request.header("X-Forwarded-For", client);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        headers.forEach(request::header);
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        Map<String, String> names = new LinkedHashMap<>();
        response.headers().map().forEach((k, v) -> names.put(k.toLowerCase(Locale.ROOT), v.get(0)));
        return new Reply(response.statusCode(), response.body(), names);
    }

    /** A browser with cookies at a client address of its own. */
    private final class Session {
        private final CookieManager cookies = new CookieManager();
        private final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        private final String client;

        Session(String client) {
            this.client = client;
        }

        Reply send(String method, String path, Map<String, String> headers, String body) throws Exception {
            return AdminDoorTest.this.send(http, method, path, client, null, headers, body);
        }

        Reply form(String path, Map<String, String> fields) throws Exception {
            StringBuilder body = new StringBuilder();
            fields.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(enc(k)).append('=').append(enc(v)));
            return send("POST", path, Map.of("Content-Type", "application/x-www-form-urlencoded"), body.toString());
        }

        String xsrf() {
            return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
                    .map(HttpCookie::getValue).findFirst().orElseThrow();
        }

        String cookie(String name) {
            return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name))
                    .map(HttpCookie::getValue).reduce((first, second) -> second).orElse(null);
        }

        /** Signs in to a Camunda webapp as its login page does: with the XSRF cookie echoed in a header. */
        Reply webappLogin(String user, String password, String app) throws Exception {
            if (cookies.getCookieStore().getCookies().stream().noneMatch(c -> c.getName().equals("XSRF-TOKEN"))) {
                send("GET", "/camunda/app/" + app + "/default/", Map.of(), null);
            }
            return send("POST", "/camunda/api/admin/auth/user/default/login/" + app,
                    Map.of("Content-Type", "application/x-www-form-urlencoded", "X-XSRF-TOKEN", xsrf()),
                    "username=" + enc(user) + "&password=" + enc(password));
        }
    }

    /** One request on a socket of its own, every header as given (the JDK's client refuses to set Host). */
    private Reply raw(String method, String target, Map<String, String> headers, String body) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(30_000);
            StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\n");
            if (!headers.containsKey("Host")) {
                head.append("Host: localhost:").append(port).append("\r\n");
            }
            headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            if (body != null) {
                head.append("Content-Length: ").append(bytes.length).append("\r\n");
            }
            head.append("Connection: close\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(bytes);
            out.flush();
            return parse(socket.getInputStream().readAllBytes());
        }
    }

    private static Reply parse(byte[] response) {
        String text = new String(response, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.putIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).trim());
        }
        String body = text.substring(end + 4);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            StringBuilder plain = new StringBuilder();
            int at = 0;
            while (true) {
                int eol = body.indexOf("\r\n", at);
                int size = Integer.parseInt(body.substring(at, eol).trim(), 16);
                if (size == 0) {
                    break;
                }
                plain.append(body, eol + 2, eol + 2 + size);
                at = eol + 2 + size + 2;
            }
            body = plain.toString();
        }
        return new Reply(status, new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8),
                headers);
    }
}
