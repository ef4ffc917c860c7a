package org.credentialcourier.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.calledProcessInstance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.limits.RateLimiter;
import org.credentialcourier.limits.RequestLimits;
import org.credentialcourier.reset.PasswordResetProcess;
import org.credentialcourier.support.CourierTest;
import org.credentialcourier.support.Http;
import org.credentialcourier.support.Http.Response;
import org.credentialcourier.support.Scenario;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * The member doors under load and abuse from outside (issue 13, cases 1, 5, 6, 8, 9, 16 and 20): what one client can
 * cost the server (memory, threads, processor), and budgets that neither Unicode spaces nor forwarded headers reset.
 * The test profile trusts loopback as a reverse proxy, so {@code Http.anonymousFrom} acts from other addresses;
 * {@code ClientAddressTest} shows that nothing is trusted by default.
 */
@CourierTest
class MemberDoorLimitsTest {

    /** Client addresses of their own: one per test, never the shared loopback. */
    private static final AtomicInteger CLIENT = new AtomicInteger();

    @LocalServerPort int port;
    @Autowired Scenario scenario;
    @Autowired RateLimiter limiter;
    @Autowired RequestLimits limits;
    @Autowired ProcessEngine engine;
    @Autowired RuntimeService runtime;
    @Autowired ThreadPoolTaskExecutor backgroundWork;

    @BeforeEach
    void init() {
        BpmnAwareTests.init(engine);
    }

    private static String newClient() {
        return "203.0.113." + (100 + CLIENT.incrementAndGet());
    }

    private Http browser() {
        return Http.anonymousFrom(newClient(), port);
    }

    private static Response signIn(Http browser, String email, String password) {
        Response form = browser.get("/sign-in");
        return browser.postForm("/sign-in", Map.of("_csrf", form.csrfToken(), "email", email, "password", password));
    }

    // ---------------------------------------------------------------- case 1: memory

    @Test
    void longEmailsAtSignInAddNothingToTheLimiter() {
        Http browser = browser();
        int before = limiter.entries();
        for (int i = 0; i < 30; i++) {
            Response answer = signIn(browser, i + "x".repeat(4_000) + "@example.org", "whatever it is");
            assertThat(answer.status()).isEqualTo(401);
            assertThat(answer.body()).contains("name=\"email\"").doesNotContain("Exception");
        }
        assertThat(limiter.entries() - before).as("no key for an address that cannot exist").isZero();
        assertThat(limiter.estimatedBytes()).isLessThanOrEqualTo(limits.limiterMemory().toBytes());
    }

    @Test
    void limiterMemoryIsBoundedWhateverTheKeys() {
        RateLimiter small = new RateLimiter(new RequestLimits(List.of(), limits.maxFormSize(), limits.bodyDeadline(),
                20, 2, 0, Duration.ofMillis(10), org.springframework.util.unit.DataSize.ofKilobytes(64), 5, Duration.ofSeconds(2)));
        String huge = "k".repeat(100_000);
        for (int i = 0; i < 2_000; i++) {
            small.tryAcquire(huge + i, 5, Duration.ofMinutes(15));
        }
        assertThat(small.estimatedBytes()).isLessThanOrEqualTo(64 * 1024);
        assertThat(small.entries()).isEqualTo(64 * 1024 / RateLimiter.ESTIMATED_ENTRY_BYTES);
    }

    @Test
    void twoMegabyteEmailAtSignInGetsA413Page() {
        Http browser = browser();
        Response form = browser.get("/sign-in");
        Response answer = browser.postForm("/sign-in", Map.of("_csrf", form.csrfToken(),
                "email", "a".repeat(2 * 1024 * 1024) + "@example.org", "password", "whatever it is"));
        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.header("Content-Type")).startsWith("text/html");
        assertThat(answer.body()).contains("larger than this page accepts").doesNotContain("Exception");
    }

    /**
     * A body refused by its declared length is not read. Closing the connection under a client that is still sending
     * made its writes fail, and a client such as Java's then reported "received no bytes" instead of the 413 (seen
     * once in five CI runs with 2 MB). The guard drains for a bounded time before it closes, as nginx's lingering
     * close does, so the refusal arrives.
     */
    @Test
    void aRefusedLargeBodyGetsItsAnswerWhileTheClientIsStillSending() {
        for (int round = 0; round < 3; round++) {
            Http browser = browser();
            Response form = browser.get("/sign-in");
            Response answer = browser.postForm("/sign-in", Map.of("_csrf", form.csrfToken(),
                    "email", "a".repeat(8 * 1024 * 1024) + "@example.org", "password", "whatever it is"));
            assertThat(answer.status()).as("round %d", round).isEqualTo(413);
            assertThat(answer.body()).contains("larger than this page accepts");
        }
    }

    @Test
    void everyMemberFormRefusesABodyOverItsLimit() {
        for (String page : List.of("/forgot-password", "/activate", "/reset-password", "/change-password")) {
            Http browser = browser();
            Response form = browser.get("/forgot-password");
            Response answer = browser.postForm(page, Map.of("_csrf", form.csrfToken(), "token", "t",
                    "email", "b".repeat((int) limits.maxFormSize().toBytes()) + "@example.org"));
            assertThat(answer.status()).as(page).isEqualTo(413);
        }
    }

    // ---------------------------------------------------------------- case 5: one normalisation

    @Test
    void unicodeSpacesAroundTheEmailDoNotOpenANewSignInBudget() {
        Contact contact = scenario.activeContact();
        Http browser = browser();
        for (int i = 0; i < 5; i++) {
            assertThat(signIn(browser, contact.email(), "wrong guess " + i).status()).isEqualTo(401);
        }
        for (String variant : List.of(contact.email() + "\u2003", "\u3000" + contact.email(),
                "\u2002" + contact.email().toUpperCase() + "\u2028")) {
            Response answer = signIn(browser, variant, Scenario.MEMBER_PASSWORD);
            assertThat(answer.status()).as("[%s]", variant).isEqualTo(429);
            assertThat(answer.header("Retry-After")).isNotNull();
        }
    }

    @Test
    void unicodeSpacesAroundTheEmailDoNotOpenANewForgotPasswordBudget() {
        String email = Scenario.uniqueEmail("spaces");
        Http browser = browser();
        for (int i = 0; i < 5; i++) {
            Response form = browser.get("/forgot-password");
            assertThat(browser.postForm("/forgot-password", Map.of("_csrf", form.csrfToken(), "email", email))
                    .status()).isEqualTo(200);
        }
        Response form = browser.get("/forgot-password");
        assertThat(browser.postForm("/forgot-password", Map.of("_csrf", form.csrfToken(), "email",
                "\u3000" + email + "\u2003")).status()).isEqualTo(429);
    }

    // ---------------------------------------------------------------- case 6: client addresses

    @Test
    void aForwardedValueThatIsNoAddressDoesNotOpenANewBudget() {
        String email = Scenario.uniqueEmail("forwarded");
        List<String> junk = List.of("anything-at-all", "999.1.1.1", "198.51.100.7:8080", "localhost", "[::1]",
                "198.51.100.7, nonsense");
        for (int i = 0; i < 5; i++) {
            assertThat(signIn(Http.anonymousFrom(junk.get(i), port), email, "wrong " + i).status()).isEqualTo(401);
        }
        assertThat(signIn(Http.anonymousFrom(junk.get(5), port), email, "wrong 5").status())
                .as("every value that is no address counts as the peer itself").isEqualTo(429);
    }

    @Test
    void everyLoopbackFormIsOneClient() {
        String email = Scenario.uniqueEmail("loopback");
        List<String> forms = List.of("127.0.0.1", "::1", "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1", "127.0.0.2");
        for (int i = 0; i < 5; i++) {
            assertThat(signIn(Http.anonymousFrom(forms.get(i), port), email, "wrong " + i).status()).isEqualTo(401);
        }
        assertThat(signIn(Http.anonymous(port), email, "wrong 5").status()).isEqualTo(429);
    }

    @Test
    void anIpv6NetworkIsOneClientByItsSlash64() {
        String email = Scenario.uniqueEmail("ipv6");
        for (int i = 1; i <= 5; i++) {
            assertThat(signIn(Http.anonymousFrom("2001:db8:1:2::" + i, port), email, "wrong " + i).status())
                    .isEqualTo(401);
        }
        assertThat(signIn(Http.anonymousFrom("2001:db8:1:2:ffff:ffff:ffff:ffff", port), email, "wrong").status())
                .isEqualTo(429);
        assertThat(signIn(Http.anonymousFrom("::ffff:2001:db8:1:3", port), email, "wrong").status())
                .as("a neighbouring network").isEqualTo(401);
    }

    // ---------------------------------------------------------------- case 8: the admins' own budget

    @Test
    void anonymousForgotPasswordRequestsDoNotBlockTheAdmins() {
        Contact contact = scenario.activeContact();
        Http stranger = browser();
        for (int i = 0; i < 7; i++) {
            Response form = stranger.get("/forgot-password");
            stranger.postForm("/forgot-password", Map.of("_csrf", form.csrfToken(), "email", contact.email()));
        }
        // forgot-password answers at once and works in the background: a stranger's reset still being made would
        // supersede the admin's below (this test failed so once)
        ThreadPoolExecutor background = backgroundWork.getThreadPoolExecutor();
        await().atMost(Duration.ofSeconds(20)).until(() -> background.getCompletedTaskCount() == background.getTaskCount());
        int before = scenario.mailsTo(contact.email()).size();

        Response sent = Http.as(port, "demo", "demo").postEmpty("/api/contacts/" + contact.id() + "/password-reset-link");

        assertThat(sent.status()).isEqualTo(202);
        String resetId = sent.json().get("id").asText();
        ProcessInstance reset = runtime.createProcessInstanceQuery()
                .processDefinitionKey(PasswordResetProcess.PROCESS_KEY).variableValueEquals("resetId", resetId)
                .singleResult();
        scenario.runDeliveryJob(calledProcessInstance(reset));
        assertThat(scenario.mailsTo(contact.email())).hasSize(before + 1);
        assertThat(Scenario.text(scenario.lastMail(contact.email()))).contains("/reset-password?token=");
    }

    // ---------------------------------------------------------------- case 9: slow bodies

    @Test
    void slowBodiesAreCutOffAndHealthAnswersMeanwhile() throws Exception {
        String client = newClient();
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                sockets.add(slowForm(client, "/forgot-password"));
            }
            sockets.add(slowForm(client, "/api/contacts"));
            long until = System.nanoTime() + limits.bodyDeadline().multipliedBy(3).toNanos();
            boolean healthChecked = false;
            Map<Socket, ByteArrayOutputStream> received = new java.util.HashMap<>();
            java.util.Set<Socket> closed = new java.util.HashSet<>();
            while (System.nanoTime() < until && closed.size() < sockets.size()) {
                for (Socket socket : sockets) {
                    if (closed.contains(socket)) {
                        continue;
                    }
                    try {
                        socket.getOutputStream().write('a');
                        socket.getOutputStream().flush();
                    } catch (IOException cutOff) {
                        // the server closed the connection under the body
                    }
                    if (readSoFar(socket, received.computeIfAbsent(socket, s -> new ByteArrayOutputStream()))) {
                        closed.add(socket);
                    }
                }
                if (!healthChecked) {
                    assertThat(Http.anonymous(port).get("/actuator/health").status()).isEqualTo(200);
                    healthChecked = true;
                }
                Thread.sleep(500);
            }
            assertThat(closed).as("every slow body cut off: %s", received.values().stream()
                    .map(r -> r.toString(StandardCharsets.ISO_8859_1).lines().findFirst().orElse("")).toList())
                    .hasSize(sockets.size());
            for (Socket socket : sockets) {
                String answer = received.get(socket).toString(StandardCharsets.ISO_8859_1);
                assertThat(answer).as("408 or closed at once").matches("(?s)(HTTP/1.1 408 .*|)");
            }
            assertThat(Http.anonymous(port).get("/actuator/health").status()).isEqualTo(200);
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    @Test
    void oneClientCannotHoldMoreThanItsShareOfThreads() throws Exception {
        String client = newClient();
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < limits.maxInFlightPerClient(); i++) {
                sockets.add(slowForm(client, "/forgot-password"));
            }
            await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50))
                    .until(() -> Http.anonymousFrom(client, port).get("/sign-in").status() == 429);
            Response refused = Http.anonymousFrom(client, port).get("/sign-in");
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.header("Retry-After")).isNotNull();
            assertThat(browser().get("/sign-in").status()).as("other clients").isEqualTo(200);
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    /** A form post whose headers arrive at once and whose body of 1,000 bytes has not started yet. */
    private Socket slowForm(String client, String path) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(50);
        String type = path.startsWith("/api") ? "application/json" : "application/x-www-form-urlencoded";
        OutputStream out = socket.getOutputStream();
        out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + type
                + "\r\nContent-Length: 1000\r\nAuthorization: Basic ZGVtbzpkZW1v\r\nX-Forwarded-For: " + client
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    /** Reads what the server has sent so far; whether it has closed the connection. */
    private static boolean readSoFar(Socket socket, ByteArrayOutputStream received) {
        try {
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            while (true) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (SocketTimeoutException nothingYet) {
                    return false;
                }
                if (n < 0) {
                    return true;
                }
                received.write(buffer, 0, n);
            }
        } catch (IOException reset) {
            return true;
        }
    }

    // ---------------------------------------------------------------- case 16: the current password

    @Test
    void guessesOfTheCurrentPasswordAreLimited() {
        Contact contact = scenario.activeContact();
        Http member = browser();
        assertThat(signIn(member, contact.email(), Scenario.MEMBER_PASSWORD).status()).isEqualTo(302);
        Response last = null;
        for (int i = 0; i < 6; i++) {
            Response form = member.get("/change-password");
            last = member.postForm("/change-password", Map.of("_csrf", form.csrfToken(),
                    "currentPassword", "wrong guess " + i, "password", "a new long password " + i,
                    "passwordConfirmation", "a new long password " + i));
            if (i < 5) {
                assertThat(last.status()).isEqualTo(422);
            }
        }
        assertThat(last.status()).isEqualTo(429);
        assertThat(last.header("Retry-After")).isNotNull();
        Response form = member.get("/change-password");
        assertThat(member.postForm("/change-password", Map.of("_csrf", form.csrfToken(),
                "currentPassword", Scenario.MEMBER_PASSWORD, "password", "a new long password x",
                "passwordConfirmation", "a new long password x")).status())
                .as("a delay, even for the right password, until the window refills").isEqualTo(429);
    }

    // ---------------------------------------------------------------- case 20: hashing

    @Test
    void oneClientsFloodOfSignInsCannotTakeEveryHashingPlace() throws Exception {
        Contact contact = scenario.activeContact();
        String client = newClient();
        int n = 20;
        List<Http> browsers = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Http browser = Http.anonymousFrom(client, port);
            browsers.add(browser);
            tokens.add(browser.get("/sign-in").csrfToken());
        }
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                answers.add(pool.submit(() -> {
                    start.await();
                    return browsers.get(k).postForm("/sign-in", Map.of("_csrf", tokens.get(k),
                            "email", Scenario.uniqueEmail("flood"), "password", "whatever it is " + k));
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Response> answer : answers) {
                Response response = answer.get(60, TimeUnit.SECONDS);
                statuses.add(response.status());
                if (response.status() == 429) {
                    assertThat(response.header("Retry-After")).isNotNull();
                }
            }
            assertThat(statuses).contains(429).containsOnly(401, 429);
        } finally {
            pool.shutdownNow();
        }
        assertThat(signIn(browser(), contact.email(), Scenario.MEMBER_PASSWORD).status())
                .as("another client signs in").isEqualTo(302);
    }
}
