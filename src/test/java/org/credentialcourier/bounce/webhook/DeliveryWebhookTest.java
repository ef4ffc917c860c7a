package org.credentialcourier.bounce.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.credentialcourier.delivery.MailDeliveryProcess;
import org.credentialcourier.delivery.Suppressions;
import org.credentialcourier.invitation.InvitationService;
import org.credentialcourier.invitation.InvitationStatus;
import org.credentialcourier.mail.MailLogEntry;
import org.credentialcourier.mail.MailLogEntry.Status;
import org.credentialcourier.support.CourierTest;
import org.credentialcourier.support.Http;
import org.credentialcourier.support.Scenario;
import org.credentialcourier.support.WebhookTestKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The providers' webhooks over real HTTP on the application's port, signed with keys the tests generate
 * ({@link WebhookTestKeys}; SNS's certificate made with the JDK's keytool and served from a loopback server): a
 * permanent bounce from each provider turns a real invitation {@code bounced} with "Resolve failed delivery"; a
 * replay, a forged signature, a stale timestamp, a reused token, wrong credentials change nothing.
 */
@CourierTest
@ExtendWith(OutputCaptureExtension.class)
class DeliveryWebhookTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOPIC = "arn:aws:sns:eu-west-1:123456789012:courier-test-ses";

    private static HttpServer sns;
    private static PrivateKey snsKey;
    private static String certificateUrl;
    private static final AtomicInteger CONFIRMATIONS = new AtomicInteger();
    private static final AtomicInteger CERTIFICATE_FETCHES = new AtomicInteger();

    @LocalServerPort int port;
    @Autowired ProcessEngine engine;
    @Autowired Scenario scenario;
    @Autowired InvitationService invitations;
    @Autowired Suppressions suppressions;
    @Autowired JdbcClient jdbc;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void startSns(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path store = dir.resolve("sns.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "sns", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=sns.eu-west-1.amazonaws.com", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", "test-only", "-keypass", "test-only").redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor()).as(output).isZero();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, "test-only".toCharArray());
        }
        snsKey = (PrivateKey) keys.getKey("sns", "test-only".toCharArray());
        X509Certificate certificate = (X509Certificate) keys.getCertificate("sns");
        byte[] pem = ("-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n").getBytes(StandardCharsets.US_ASCII);
        sns = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        sns.createContext("/sns/cert.pem", exchange -> {
            CERTIFICATE_FETCHES.incrementAndGet();
            exchange.sendResponseHeaders(200, pem.length);
            exchange.getResponseBody().write(pem);
            exchange.close();
        });
        sns.createContext("/sns/confirm", exchange -> {
            CONFIRMATIONS.incrementAndGet();
            byte[] answer = "<ConfirmSubscriptionResponse/>".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        sns.start();
        certificateUrl = "http://127.0.0.1:" + sns.getAddress().getPort() + "/sns/cert.pem";
    }

    @AfterAll
    static void stopSns() {
        sns.stop(0);
    }

    @BeforeEach
    void engine() {
        BpmnAwareTests.init(engine);
    }

    // ---------------------------------------------------------------- Amazon SES through SNS

    @Test
    void anSesPermanentBounceMakesTheInvitationBouncedAndItsReplayChangesNothing() throws Exception {
        MailLogEntry sent = scenario.deliveredInvitationEmail();
        ObjectNode notification = snsNotification(sesBounce(sent, "Permanent", "5.1.1",
                "smtp; 550 5.1.1 user unknown"), "2");

        HttpResponse<String> response = post("ses", notification.toString(), Map.of());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertBouncedWithTask(sent, "5.1.1 smtp; 550 5.1.1 user unknown");
        MailLogEntry bounced = scenario.reread(sent);
        long events = deliveryEvents();

        HttpResponse<String> replay = post("ses", notification.toString(), Map.of());

        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(replay.body()).path("events").path("REPLAYED").asInt()).isEqualTo(1);
        assertThat(scenario.reread(sent)).isEqualTo(bounced);
        assertThat(deliveryEvents()).isEqualTo(events);
        assertThat(resolveTasks(sent)).as("still one admin task").isEqualTo(1);
    }

    @Test
    void theSameNotificationSentFiveTimesAtOnceAppliesOnce() throws Exception {
        MailLogEntry sent = scenario.deliveredInvitationEmail();
        String notification = snsNotification(sesBounce(sent, "Permanent", "5.1.1", "user unknown"), "2").toString();
        post("ses", snsNotification(sesDelivery(sent), "2").toString(), Map.of());
        long events = deliveryEvents();

        // five threads of their own (the common pool has one thread on two cores), released together
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(5);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<HttpResponse<String>>> calls = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                calls.add(threads.submit(() -> {
                    start.await();
                    return post("ses", notification, Map.of());
                }));
            }
            start.countDown();
        } finally {
            threads.shutdown();
        }
        List<Integer> statuses = new java.util.ArrayList<>();
        int applied = 0;
        for (java.util.concurrent.Future<HttpResponse<String>> call : calls) {
            HttpResponse<String> response = call.get(60, java.util.concurrent.TimeUnit.SECONDS);
            statuses.add(response.statusCode());
            if (response.statusCode() == 200) {
                applied += JSON.readTree(response.body()).path("events").path("APPLIED").asInt();
            }
        }

        assertThat(statuses).as("applied, replayed, or busy: never an error").allMatch(s -> s == 200 || s == 409)
                .contains(200);
        assertThat(applied).isEqualTo(1);
        assertThat(deliveryEvents()).isEqualTo(events + 1);
        assertBouncedWithTask(sent, "5.1.1 user unknown");
    }

    @Test
    void anSesDeliveryShowsDeliveredAndTheCertificateIsFetchedOnce() throws Exception {
        MailLogEntry sent = scenario.deliveredInvitationEmail();
        post("ses", snsNotification(sesDelivery(sent), "1").toString(), Map.of());
        int fetches = CERTIFICATE_FETCHES.get();

        HttpResponse<String> response = post("ses", snsNotification(sesDelivery(sent), "1").toString(), Map.of());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(CERTIFICATE_FETCHES.get()).as("the certificate is kept").isEqualTo(fetches);
        assertThat(scenario.reread(sent).deliveryEvent()).isEqualTo("delivered");
        assertThat(scenario.reread(sent).status()).isEqualTo(Status.SENT);
        Http.Response page = Http.as(port, "demo", "demo").get("/admin/contacts/" + sent.contactId());
        assertThat(page.body()).contains("delivered to the recipient&#39;s server");
    }

    @Test
    void anSesComplaintSuppressesTheAddress() throws Exception {
        MailLogEntry sent = scenario.deliveredInvitationEmail();
        ObjectNode complaint = sesMail(sent, "Complaint");
        // without the original headers: the common headers name the email
        ((ObjectNode) complaint.path("mail")).remove("headers");
        complaint.putObject("complaint").put("complaintFeedbackType", "abuse").putArray("complainedRecipients")
                .addObject().put("emailAddress", sent.recipient());

        assertThat(post("ses", snsNotification(complaint, "2").toString(), Map.of()).statusCode()).isEqualTo(200);

        assertThat(scenario.reread(sent).deliveryEvent()).isEqualTo("complained");
        assertThat(suppressions.find(sent.recipient())).hasValueSatisfying(s ->
                assertThat(s.kind()).isEqualTo("complained"));
        assertThat(invitations.get(sent.invitationId()).status()).isEqualTo(InvitationStatus.PENDING);
    }

    @Test
    void anSnsSubscriptionConfirmationVisitsTheSubscribeUrl() throws Exception {
        int before = CONFIRMATIONS.get();
        ObjectNode confirmation = snsMessage("SubscriptionConfirmation", "You have chosen to subscribe");
        confirmation.put("SubscribeURL", "http://127.0.0.1:" + sns.getAddress().getPort()
                + "/sns/confirm?Action=ConfirmSubscription&Token=abc");
        confirmation.put("Token", "abc");
        sign(confirmation, "2");

        HttpResponse<String> response = post("ses", confirmation.toString(), Map.of("Content-Type",
                "text/plain; charset=UTF-8", "x-amz-sns-message-type", "SubscriptionConfirmation"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(CONFIRMATIONS.get()).isEqualTo(before + 1);
    }

    @Test
    void aSubscribeUrlOutsideSnsIsNotVisited() throws Exception {
        int before = CONFIRMATIONS.get();
        ObjectNode confirmation = snsMessage("SubscriptionConfirmation", "subscribe");
        // the loopback server, by another name: not an address the pattern allows
        confirmation.put("SubscribeURL", "http://localhost:" + sns.getAddress().getPort() + "/sns/confirm?Token=abc");
        confirmation.put("Token", "abc");
        sign(confirmation, "2");

        HttpResponse<String> response = post("ses", confirmation.toString(), Map.of());

        assertRefused(response, 403);
        assertThat(response.body()).contains("the SubscribeURL is not an SNS address");
        assertThat(CONFIRMATIONS.get()).isEqualTo(before);
    }

    @Test
    void aForgedSnsMessageIsRefusedAndChangesNothing() throws Exception {
        MailLogEntry sent = scenario.deliveredInvitationEmail();
        ObjectNode notification = snsNotification(sesBounce(sent, "Permanent", "5.1.1", "user unknown"), "2");
        ObjectNode forged = notification.deepCopy();
        forged.put("Message", sesBounce(sent, "Permanent", "5.7.1", "forged").toString());
        ObjectNode unsigned = notification.deepCopy();
        unsigned.remove("Signature");
        ObjectNode elsewhere = notification.deepCopy();
        elsewhere.put("SigningCertURL", "http://localhost:" + sns.getAddress().getPort() + "/sns/cert.pem");
        ObjectNode unknownVersion = notification.deepCopy();
        unknownVersion.put("SignatureVersion", "3");
        long events = deliveryEvents();
        int fetches = CERTIFICATE_FETCHES.get();

        assertRefused(post("ses", forged.toString(), Map.of()), 403);
        assertRefused(post("ses", unsigned.toString(), Map.of()), 401);
        HttpResponse<String> notSns = post("ses", elsewhere.toString(), Map.of());
        assertRefused(notSns, 403);
        assertThat(notSns.body()).contains("not at an SNS address");
        assertRefused(post("ses", unknownVersion.toString(), Map.of()), 403);
        assertThat(CERTIFICATE_FETCHES.get()).as("nothing fetched from elsewhere").isLessThanOrEqualTo(fetches + 1);

        assertThat(scenario.reread(sent).status()).isEqualTo(Status.SENT);
        assertThat(deliveryEvents()).isEqualTo(events);
    }

    @Test
    void anUnreachableCertificateAddressIsA503ThatChangesNothing() throws Exception {
        MailLogEntry sent = scenario.deliveredInvitationEmail();
        ObjectNode notification = snsNotification(sesBounce(sent, "Permanent", "5.1.1", "user unknown"), "2");
        // an allowed address where nothing listens: SNS away for a moment
        java.net.ServerSocket closed = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"));
        int nobody = closed.getLocalPort();
        closed.close();
        notification.put("SigningCertURL", "http://127.0.0.1:" + nobody + "/sns/cert.pem");

        HttpResponse<String> response = post("ses", notification.toString(), Map.of());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        assertThat(scenario.reread(sent).status()).isEqualTo(Status.SENT);
    }

    /** Anybody can have SNS sign the messages of a topic of their own: only the configured topics count. */
    @Test
    void aValidlySignedMessageOfAnotherTopicIsRefused() throws Exception {
        MailLogEntry sent = scenario.deliveredInvitationEmail();
        ObjectNode notification = snsMessage("Notification", sesBounce(sent, "Permanent", "5.1.1", "x").toString());
        notification.put("TopicArn", "arn:aws:sns:eu-west-1:999999999999:someone-elses");
        sign(notification, "2");

        assertRefused(post("ses", notification.toString(), Map.of()), 403);

        assertThat(scenario.reread(sent).status()).isEqualTo(Status.SENT);
    }

    @Test
    void malformedJsonIsA400() throws Exception {
        HttpResponse<String> response = post("ses", "{\"Type\": ", Map.of());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
    }

    // ---------------------------------------------------------------- SendGrid

    @Test
    void aSendGridBounceMakesTheInvitationBouncedAndItsReplayChangesNothing() throws Exception {
        MailLogEntry sent = scenario.deliveredInvitationEmail();
        String body = "[" + sendGridEvent(sent, "bounce", "bounce", "5.1.1",
                "550 5.1.1 The email account does not exist") + "]";

        HttpResponse<String> response = post("sendgrid", body, sendGridSigned(body, Instant.now()));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertBouncedWithTask(sent, "5.1.1 550 5.1.1 The email account does not exist");
        MailLogEntry bounced = scenario.reread(sent);

        assertThat(post("sendgrid", body, sendGridSigned(body, Instant.now())).statusCode()).isEqualTo(200);
        assertThat(scenario.reread(sent)).isEqualTo(bounced);
        assertThat(resolveTasks(sent)).isEqualTo(1);
    }

    @Test
    void aSendGridRequestBadlySignedOrStaleIsRefused() throws Exception {
        MailLogEntry sent = scenario.deliveredInvitationEmail();
        String body = "[" + sendGridEvent(sent, "bounce", "bounce", "5.1.1", "unknown") + "]";
        Map<String, String> signed = sendGridSigned(body, Instant.now());
        Map<String, String> stale = sendGridSigned(body, Instant.now().minus(Duration.ofMinutes(30)));
        Map<String, String> otherBody = sendGridSigned(body.replace("5.1.1", "5.1.2"), Instant.now());

        assertRefused(post("sendgrid", body, Map.of()), 401);
        assertRefused(post("sendgrid", body, otherBody), 403);
        assertRefused(post("sendgrid", body, stale), 403);
        Map<String, String> otherTime = new LinkedHashMap<>(signed);
        otherTime.put(SendGridWebhook.TIMESTAMP, Long.toString(Instant.now().getEpochSecond() + 1));
        assertRefused(post("sendgrid", body, otherTime), 403);

        assertThat(scenario.reread(sent).status()).isEqualTo(Status.SENT);
        assertThat(scenario.reread(sent).deliveryEvent()).isNull();
    }

    @Test
    void aSendGridSpamReportSuppressesTheAddress() throws Exception {
        MailLogEntry sent = scenario.deliveredInvitationEmail();
        String body = "[" + sendGridEvent(sent, "delivered", null, null, null) + ","
                + sendGridEvent(sent, "spamreport", null, null, null) + "]";

        assertThat(post("sendgrid", body, sendGridSigned(body, Instant.now())).statusCode()).isEqualTo(200);

        assertThat(scenario.reread(sent).deliveryEvent()).isEqualTo("complained");
        assertThat(suppressions.find(sent.recipient())).isPresent();
    }

    @Test
    void aSendGridEventWithANonsenseTimeIsTakenAtItsArrival() throws Exception {
        MailLogEntry sent = scenario.deliveredInvitationEmail();
        ObjectNode event = (ObjectNode) JSON.readTree(sendGridEvent(sent, "delivered", null, null, null));
        event.put("timestamp", Long.MAX_VALUE);
        String body = "[" + event + "]";

        HttpResponse<String> response = post("sendgrid", body, sendGridSigned(body, Instant.now()));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(scenario.reread(sent).eventAt()).isBefore(Instant.now().plus(Duration.ofDays(1)));
    }

    // ---------------------------------------------------------------- Mailgun

    @Test
    void aMailgunPermanentFailureMakesTheInvitationBouncedAndAReusedTokenIsRefused() throws Exception {
        MailLogEntry sent = scenario.deliveredInvitationEmail();
        String token = token();
        String body = mailgun(sent, "failed", "permanent", Instant.now(), token, UUID.randomUUID().toString());

        HttpResponse<String> response = post("mailgun", body, Map.of());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertBouncedWithTask(sent, "5.1.1 550 5.1.1 No such user");
        MailLogEntry bounced = scenario.reread(sent);
        long events = deliveryEvents();

        assertRefused(post("mailgun", body, Map.of()), 403);
        String otherEvent = mailgun(sent, "complained", null, Instant.now(), token, UUID.randomUUID().toString());
        assertRefused(post("mailgun", otherEvent, Map.of()), 403);

        assertThat(scenario.reread(sent)).isEqualTo(bounced);
        assertThat(deliveryEvents()).isEqualTo(events);
    }

    @Test
    void aMailgunRequestBadlySignedOrStaleIsRefusedAndItsTokenStaysUnspent(CapturedOutput output) throws Exception {
        MailLogEntry sent = scenario.deliveredInvitationEmail();
        String token = token();
        String stale = mailgun(sent, "failed", "permanent", Instant.now().minus(Duration.ofMinutes(10)), token,
                UUID.randomUUID().toString());
        ObjectNode forged = (ObjectNode) JSON.readTree(mailgun(sent, "failed", "permanent", Instant.now(), token,
                UUID.randomUUID().toString()));
        ((ObjectNode) forged.path("signature")).put("signature", "00".repeat(32));
        ObjectNode unsigned = forged.deepCopy();
        unsigned.remove("signature");

        assertRefused(post("mailgun", stale, Map.of()), 403);
        assertRefused(post("mailgun", forged.toString(), Map.of()), 403);
        assertRefused(post("mailgun", unsigned.toString(), Map.of()), 401);
        assertThat(scenario.reread(sent).deliveryEvent()).isNull();

        String fresh = mailgun(sent, "delivered", null, Instant.now(), token, UUID.randomUUID().toString());
        assertThat(post("mailgun", fresh, Map.of()).statusCode()).as("the token was not spent by the refusals")
                .isEqualTo(200);
        assertThat(scenario.reread(sent).deliveryEvent()).isEqualTo("delivered");
        assertThat(output.getAll()).contains("webhook mailgun refused (403)")
                .doesNotContain(WebhookTestKeys.MAILGUN_SIGNING_KEY).doesNotContain(token);
    }

    @Test
    void aMailgunComplaintSuppressesTheAddress() throws Exception {
        MailLogEntry sent = scenario.deliveredInvitationEmail();

        assertThat(post("mailgun", mailgun(sent, "complained", null, Instant.now(), token(),
                UUID.randomUUID().toString()), Map.of()).statusCode()).isEqualTo(200);

        assertThat(suppressions.find(sent.recipient())).hasValueSatisfying(s ->
                assertThat(s.kind()).isEqualTo("complained"));
    }

    // ---------------------------------------------------------------- Postmark

    @Test
    void aPostmarkHardBounceMakesTheInvitationBouncedAndItsReplayChangesNothing() throws Exception {
        MailLogEntry sent = scenario.deliveredInvitationEmail();
        String body = postmarkBounce(sent, "HardBounce", 4_200_000_000L + sent.id());

        HttpResponse<String> response = post("postmark", body, postmarkAuth(WebhookTestKeys.POSTMARK_PASSWORD));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertBouncedWithTask(sent, "HardBounce: smtp;550 5.1.1 The email account that you tried to reach does not exist");
        MailLogEntry bounced = scenario.reread(sent);

        assertThat(post("postmark", body, postmarkAuth(WebhookTestKeys.POSTMARK_PASSWORD)).statusCode()).isEqualTo(200);
        assertThat(scenario.reread(sent)).isEqualTo(bounced);
        assertThat(resolveTasks(sent)).isEqualTo(1);
    }

    @Test
    void aPostmarkRequestWithoutOrWithWrongCredentialsIsRefused(CapturedOutput output) throws Exception {
        MailLogEntry sent = scenario.deliveredInvitationEmail();
        String body = postmarkBounce(sent, "HardBounce", 4_300_000_000L + sent.id());
        Map<String, String> wrongUser = Map.of("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                ("someone:" + WebhookTestKeys.POSTMARK_PASSWORD).getBytes(StandardCharsets.UTF_8)));

        assertRefused(post("postmark", body, Map.of()), 401);
        assertRefused(post("postmark", body, postmarkAuth("not the password")), 403);
        assertRefused(post("postmark", body, wrongUser), 403);
        assertRefused(post("postmark", body, Map.of("Authorization", "Basic %%%")), 403);

        assertThat(scenario.reread(sent).status()).isEqualTo(Status.SENT);
        assertThat(output.getAll()).as("refusals are logged").contains("webhook postmark refused (403)")
                .as("without the credentials, tried or true").doesNotContain("not the password")
                .doesNotContain(WebhookTestKeys.POSTMARK_PASSWORD)
                .doesNotContain(postmarkAuth("not the password").get("Authorization").substring(6));
    }

    @Test
    void aPostmarkDeliveryShowsDelivered() throws Exception {
        MailLogEntry sent = scenario.deliveredInvitationEmail();
        ObjectNode delivery = JSON.createObjectNode().put("RecordType", "Delivery").put("ServerID", 23)
                .put("MessageID", UUID.randomUUID().toString()).put("Recipient", sent.recipient())
                .put("DeliveredAt", Instant.now().toString()).put("Details", "Test delivery webhook details");
        delivery.putObject("Metadata").put("courier-message-id", sent.messageId());

        assertThat(post("postmark", delivery.toString(), postmarkAuth(WebhookTestKeys.POSTMARK_PASSWORD))
                .statusCode()).isEqualTo(200);

        assertThat(scenario.reread(sent).deliveryEvent()).isEqualTo("delivered");
    }

    @Test
    void theEmailCarriesThePostmarkMetadataThatNamesIt() throws Exception {
        MailLogEntry sent = scenario.deliveredInvitationEmail();

        assertThat(scenario.lastMail(sent.recipient()).getHeader("X-PM-Metadata-courier-message-id", null))
                .isEqualTo(sent.messageId());
    }

    // ---------------------------------------------------------------- the door itself

    @Test
    void onlyThisPathGoesWithoutTheAdminsSignIn() throws Exception {
        assertThat(post("nosuch", "{}", Map.of()).statusCode()).as("an unknown provider").isEqualTo(404);
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create(base() + "/api/delivery-events/ses"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).as("GET is the API's").isEqualTo(401);
        assertThat(post("ses/more", "{}", Map.of()).statusCode()).as("a deeper path is the API's").isEqualTo(401);
        assertThat(post("../contacts", "{}", Map.of()).statusCode()).isIn(400, 401);
        // another site's origin does not matter here: a provider is another site
        HttpResponse<String> crossSite = post("postmark", "{", Map.of("Origin", "https://elsewhere.example",
                "Sec-Fetch-Site", "cross-site", "Authorization", postmarkAuth(WebhookTestKeys.POSTMARK_PASSWORD)
                        .get("Authorization")));
        assertThat(crossSite.statusCode()).as(crossSite.body()).isEqualTo(400);
    }

    @Test
    void aBodyOverTheLimitIsRefused() throws Exception {
        String body = "[" + "{\"event\":\"open\"},".repeat(40_000) + "{}]";

        HttpResponse<String> response = post("sendgrid", body, sendGridSigned(body, Instant.now()));

        assertThat(response.statusCode()).isEqualTo(413);
    }

    @Test
    void everyProviderIsOffByDefault() {
        WebhookProperties defaults = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("courier.webhooks", WebhookProperties.class);
        ObjectMapper json = new ObjectMapper();
        java.time.Clock clock = java.time.Clock.systemUTC();

        assertThat(List.<ProviderWebhook>of(new SesWebhook(defaults, new SnsEndpoints(defaults, clock), json, clock),
                new SendGridWebhook(defaults, json, clock), new MailgunWebhook(defaults, json, jdbc, clock),
                new PostmarkWebhook(defaults, json, clock))).noneMatch(ProviderWebhook::enabled);
        assertThat(new SnsEndpoints(defaults, clock).allowed("https://sns.eu-west-1.amazonaws.com/Simple.pem")).isTrue();
        assertThat(new SnsEndpoints(defaults, clock).allowed("http://sns.eu-west-1.amazonaws.com/Simple.pem")).isFalse();
        assertThat(new SnsEndpoints(defaults, clock).allowed("https://sns.eu-west-1.amazonaws.com.evil.example/x"))
                .isFalse();
        assertThat(new SnsEndpoints(defaults, clock).allowed("https://evil.example/sns.eu-west-1.amazonaws.com/"))
                .isFalse();
        assertThat(new SnsEndpoints(defaults, clock).allowed("https://x@sns.eu-west-1.amazonaws.com/Simple.pem"))
                .isFalse();
    }

    // ---------------------------------------------------------------- helpers

    private void assertBouncedWithTask(MailLogEntry sent, String reason) {
        MailLogEntry bounced = scenario.reread(sent);
        assertThat(bounced.status()).isEqualTo(Status.BOUNCED);
        assertThat(bounced.eventReason()).isEqualTo(reason);
        assertThat(invitations.get(sent.invitationId()).status()).isEqualTo(InvitationStatus.BOUNCED);
        assertThat(resolveTasks(sent)).as("an admin decides").isEqualTo(1);
        assertThat(suppressions.find(sent.recipient())).isPresent();
    }

    private long resolveTasks(MailLogEntry sent) {
        return engine.getTaskService().createTaskQuery().processInstanceBusinessKey(
                        scenario.instancesAbout(sent.invitationId()).get(0).getBusinessKey())
                .taskDefinitionKey(MailDeliveryProcess.Elements.RESOLVE_FAILED_DELIVERY).count();
    }

    private long deliveryEvents() {
        return jdbc.sql("SELECT COUNT(*) FROM delivery_event").query(Long.class).single();
    }

    private static void assertRefused(HttpResponse<String> response, int status) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("detail").asText()).endsWith("nothing was changed");
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private HttpResponse<String> post(String provider, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + "/api/delivery-events/" + provider))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (!headers.containsKey("Content-Type")) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    // SNS and SES, shaped as AWS documents them

    private static ObjectNode sesMail(MailLogEntry sent, String type) {
        ObjectNode ses = JSON.createObjectNode().put("notificationType", type);
        ObjectNode mail = ses.putObject("mail").put("timestamp", Instant.now().toString())
                .put("messageId", "0102018c" + UUID.randomUUID()).put("source", "courier@courier.example.test");
        mail.putArray("destination").add(sent.recipient());
        mail.putArray("headers").addObject().put("name", "Message-ID").put("value", sent.messageId());
        mail.putObject("commonHeaders").put("messageId", sent.messageId()).put("subject", "Your account");
        return ses;
    }

    private static ObjectNode sesBounce(MailLogEntry sent, String bounceType, String status, String diagnostic) {
        ObjectNode ses = sesMail(sent, "Bounce");
        ObjectNode bounce = ses.putObject("bounce").put("bounceType", bounceType).put("bounceSubType", "General")
                .put("timestamp", Instant.now().toString()).put("feedbackId", UUID.randomUUID().toString());
        bounce.putArray("bouncedRecipients").addObject().put("emailAddress", sent.recipient()).put("action", "failed")
                .put("status", status).put("diagnosticCode", diagnostic);
        return ses;
    }

    private static ObjectNode sesDelivery(MailLogEntry sent) {
        ObjectNode ses = sesMail(sent, "Delivery");
        ObjectNode delivery = ses.putObject("delivery").put("timestamp", Instant.now().toString())
                .put("smtpResponse", "250 2.6.0 Message received").put("processingTimeMillis", 546);
        delivery.putArray("recipients").add(sent.recipient());
        return ses;
    }

    private static ObjectNode snsMessage(String type, String message) {
        return JSON.createObjectNode().put("Type", type).put("MessageId", UUID.randomUUID().toString())
                .put("TopicArn", TOPIC).put("Message", message).put("Timestamp", Instant.now().toString())
                .put("SigningCertURL", certificateUrl);
    }

    private static ObjectNode snsNotification(ObjectNode ses, String version) throws Exception {
        ObjectNode notification = snsMessage("Notification", ses.toString());
        notification.put("UnsubscribeURL", "http://127.0.0.1/unsubscribe");
        sign(notification, version);
        return notification;
    }

    /** Signs as SNS does: "name\nvalue\n" for each signed field present, in AWS's order. */
    private static void sign(ObjectNode message, String version) throws Exception {
        List<String> names = "Notification".equals(message.path("Type").asText())
                ? List.of("Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type")
                : List.of("Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type");
        StringBuilder canonical = new StringBuilder();
        for (String name : names) {
            if (message.hasNonNull(name)) {
                canonical.append(name).append('\n').append(message.get(name).asText()).append('\n');
            }
        }
        Signature rsa = Signature.getInstance("1".equals(version) ? "SHA1withRSA" : "SHA256withRSA");
        rsa.initSign(snsKey);
        rsa.update(canonical.toString().getBytes(StandardCharsets.UTF_8));
        message.put("SignatureVersion", version);
        message.put("Signature", Base64.getEncoder().encodeToString(rsa.sign()));
    }

    // SendGrid

    private static String sendGridEvent(MailLogEntry sent, String event, String type, String status, String reason) {
        ObjectNode node = JSON.createObjectNode().put("email", sent.recipient())
                .put("timestamp", Instant.now().getEpochSecond()).put("smtp-id", sent.messageId())
                .put("event", event).put("sg_event_id", UUID.randomUUID().toString())
                .put("sg_message_id", "14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0");
        if (type != null) {
            node.put("type", type);
        }
        if (status != null) {
            node.put("status", status);
        }
        if (reason != null) {
            node.put("reason", reason);
        }
        return node.toString();
    }

    private static Map<String, String> sendGridSigned(String body, Instant at) throws Exception {
        String timestamp = Long.toString(at.getEpochSecond());
        Signature ecdsa = Signature.getInstance("SHA256withECDSA");
        ecdsa.initSign(WebhookTestKeys.SENDGRID.getPrivate());
        ecdsa.update((timestamp + body).getBytes(StandardCharsets.UTF_8));
        return Map.of(SendGridWebhook.SIGNATURE, Base64.getEncoder().encodeToString(ecdsa.sign()),
                SendGridWebhook.TIMESTAMP, timestamp);
    }

    // Mailgun

    private static String token() {
        byte[] bytes = new byte[25];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String mailgun(MailLogEntry sent, String event, String severity, Instant at, String token,
                                  String id) throws Exception {
        String timestamp = Long.toString(at.getEpochSecond());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(WebhookTestKeys.MAILGUN_SIGNING_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        ObjectNode root = JSON.createObjectNode();
        root.putObject("signature").put("timestamp", timestamp).put("token", token)
                .put("signature", HexFormat.of().formatHex(mac.doFinal((timestamp + token).getBytes(StandardCharsets.UTF_8))));
        ObjectNode data = root.putObject("event-data").put("event", event).put("id", id)
                .put("timestamp", at.getEpochSecond() + 0.5).put("recipient", sent.recipient());
        if (severity != null) {
            data.put("severity", severity).put("reason", "bounce");
            data.putObject("delivery-status").put("code", 550).put("enhanced-code", "5.1.1")
                    .put("message", "550 5.1.1 No such user").put("description", "");
        }
        String bare = sent.messageId().substring(1, sent.messageId().length() - 1);
        data.putObject("message").putObject("headers").put("message-id", bare).put("to", sent.recipient());
        return root.toString();
    }

    // Postmark

    private static String postmarkBounce(MailLogEntry sent, String type, long id) {
        ObjectNode bounce = JSON.createObjectNode().put("RecordType", "Bounce").put("ID", id).put("Type", type)
                .put("TypeCode", 1).put("Name", "Hard bounce").put("MessageID", UUID.randomUUID().toString())
                .put("ServerID", 23).put("MessageStream", "outbound")
                .put("Description", "The server was unable to deliver your message (ex: unknown user, mailbox not found).")
                .put("Details", "smtp;550 5.1.1 The email account that you tried to reach does not exist")
                .put("Email", sent.recipient()).put("From", "courier@courier.example.test")
                .put("BouncedAt", Instant.now().toString()).put("Inactive", true);
        bounce.putObject("Metadata").put("courier-message-id", sent.messageId());
        return bounce.toString();
    }

    private static Map<String, String> postmarkAuth(String password) {
        return Map.of("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                (WebhookTestKeys.POSTMARK_USER + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }
}
