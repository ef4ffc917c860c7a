package org.credentialcourier.people;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

import com.icegreen.greenmail.util.GreenMail;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.credentialcourier.bulk.BulkInvitationProcess;
import org.credentialcourier.contact.AccountStatus;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.contact.ContactHistory;
import org.credentialcourier.contact.ContactService;
import org.credentialcourier.credential.ActivationTokens;
import org.credentialcourier.credential.TokenCheck.TokenState;
import org.credentialcourier.delivery.DeliveryEvent;
import org.credentialcourier.delivery.DeliveryEvents;
import org.credentialcourier.delivery.MailDeliveryProcess;
import org.credentialcourier.delivery.Suppressions;
import org.credentialcourier.invitation.InvitationService;
import org.credentialcourier.invitation.InvitationStatus;
import org.credentialcourier.mail.MailLog;
import org.credentialcourier.mail.MailLogEntry;
import org.credentialcourier.support.CourierTest;
import org.credentialcourier.support.Http;
import org.credentialcourier.support.Http.Response;
import org.credentialcourier.support.Scenario;
import org.credentialcourier.support.Tables;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Edit, disable, enable and delete a contact through the REST API ({@code /api/contacts/{id}}), over real HTTP: the
 * rules and refusals of each, the history they leave, the links an email change or a disable ends, that a disabled
 * contact cannot sign in and gets no email (the embedded SMTP server receives nothing), and that a deleted contact
 * leaves no personal data in any table, the engine's included (a bulk run's pasted addresses too), nor in the embedded
 * SMTP server.
 */
@CourierTest
class PersonActionsApiTest {

    @LocalServerPort int port;
    @Autowired ProcessEngine engine;
    @Autowired Scenario scenario;
    @Autowired ContactService contacts;
    @Autowired ContactHistory history;
    @Autowired ActivationTokens activationTokens;
    @Autowired InvitationService invitations;
    @Autowired RuntimeService runtime;
    @Autowired HistoryService historyService;
    @Autowired ManagementService management;
    @Autowired DataSource dataSource;
    @Autowired JdbcClient jdbc;
    @Autowired GreenMail greenMail;
    @Autowired MailLog mailLog;
    @Autowired DeliveryEvents deliveryEvents;
    @Autowired Suppressions suppressions;

    private Http admin;

    @BeforeEach
    void init() {
        BpmnAwareTests.init(engine);
        admin = Http.as(port, "demo", "demo");
    }

    @Test
    void anEmailChangeIsRecordedEndsTheOldLinksAndTheNextEmailGoesToTheNewAddress() {
        Contact contact = scenario.newContact();
        ProcessInstance invitation = scenario.inviteAndDeliver(contact);
        String oldLink = scenario.lastToken(contact.email());
        String newEmail = Scenario.uniqueEmail("grace.hopper");

        Response edited = admin.patchJson("/api/contacts/" + contact.id(),
                Map.of("email", "  " + newEmail + " ", "firstName", "Grace", "locale", "fr"));

        assertThat(edited.status()).as(edited.body()).isEqualTo(200);
        assertThat(edited.json().get("email").asText()).isEqualTo(newEmail);
        assertThat(edited.json().get("firstName").asText()).isEqualTo("Grace");
        assertThat(edited.json().get("lastName").asText()).isEqualTo("Lovelace");
        assertThat(edited.json().get("locale").asText()).isEqualTo("fr");
        assertThat(activationTokens.check(oldLink).state()).isEqualTo(TokenState.REVOKED);
        assertThat(history.of(contact.id())).anySatisfy(line -> {
            assertThat(line.type()).isEqualTo(ContactHistory.Type.EMAIL_CHANGED);
            assertThat(line.actor()).isEqualTo("demo");
            assertThat(line.detail()).isEqualTo(contact.email() + " \u2192 " + newEmail);
        }).anySatisfy(line -> assertThat(line.detail()).isEqualTo("first name, language (en \u2192 fr)"));

        // the open invitation's next email goes to the new address, with a link that works
        assertThat(admin.postEmpty("/api/invitations/" + scenario.idOf(invitation) + "/resend").status())
                .isEqualTo(202);
        scenario.runDeliveryJob(scenario.delivery(invitation));
        assertThat(scenario.mailsTo(newEmail)).hasSize(1);
        assertThat(activationTokens.check(scenario.lastToken(newEmail)).state()).isEqualTo(TokenState.VALID);
        assertThat(scenario.mailsTo(contact.email())).hasSize(1);
    }

    @Test
    void hostileOrWrongEditsAreRefusedWithASentenceAndChangeNothing() {
        Contact contact = scenario.newContact();
        Contact other = scenario.newContact();
        String path = "/api/contacts/" + contact.id();

        List<Map<String, Object>> refused = List.of(
                Map.of("email", "not an address"),
                Map.of("email", "ada@example.org\r\nBcc: all@example.org"),
                Map.of("firstName", "<script>alert(1)</script>"),
                Map.of("lastName", "Love\u202Elace"),
                Map.of("firstName", "evil.example"),
                Map.of("lastName", "   "),
                Map.of("locale", "de"),
                Map.of("firstName", "A".repeat(101)));
        for (Map<String, Object> body : refused) {
            Response response = admin.patchJson(path, body);
            assertThat(response.status()).as(body + ": " + response.body()).isEqualTo(400);
            assertThat(response.body()).as(body.toString()).contains(body.keySet().iterator().next());
        }
        assertThat(admin.patchJson(path, "{\"email\": \"x@example.org\", \"admin\": true}").status())
                .as("an unknown field").isEqualTo(400);
        assertThat(admin.patchJson(path, "{not json").status()).isEqualTo(400);

        Response duplicate = admin.patchJson(path, Map.of("email", other.email().toUpperCase()));
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.json().get("contactId").asText()).isEqualTo(other.id());
        assertThat(duplicate.body()).contains("A contact with this email address exists already");

        assertThat(admin.patchJson("/api/contacts/no-such-contact", Map.of("firstName", "Grace")).status())
                .isEqualTo(404);
        assertThat(Http.anonymous(port).patchJson(path, Map.of("firstName", "Grace")).status()).isEqualTo(401);
        assertThat(Http.anonymous(port).delete(path).status()).isEqualTo(401);

        assertThat(contacts.get(contact.id())).usingRecursiveComparison().ignoringFields("createdAt", "updatedAt")
                .isEqualTo(contact);
        assertThat(history.of(contact.id())).isEmpty();
    }

    @Test
    void aDisabledContactCannotSignInLosesItsSessionsAndNothingNewStarts() {
        Contact contact = scenario.activeContact();
        Http member = Http.anonymous(port);
        assertThat(signIn(member, contact.email(), Scenario.MEMBER_PASSWORD).header("Location")).endsWith("/account");

        Response disabled = admin.postEmpty("/api/contacts/" + contact.id() + "/disable");

        assertThat(disabled.status()).as(disabled.body()).isEqualTo(200);
        assertThat(disabled.json().get("accountStatus").asText()).isEqualTo("disabled");
        assertThat(member.get("/account").header("Location")).as("the open session ended").endsWith("/sign-in");
        Response refusedSignIn = signIn(Http.anonymous(port), contact.email(), Scenario.MEMBER_PASSWORD);
        Response wrongPassword = signIn(Http.anonymous(port), contact.email(), "not the password at all 1");
        assertThat(refusedSignIn.status()).isEqualTo(401);
        assertThat(refusedSignIn.body()).as("the same answer as a wrong password")
                .isEqualTo(wrongPassword.body().replace(wrongPassword.csrfToken(), refusedSignIn.csrfToken()));

        Response invite = admin.postJson("/api/invitations", Map.of("contactId", contact.id()));
        assertThat(invite.status()).isEqualTo(409);
        assertThat(invite.json().get("code").asText()).isEqualTo("account-disabled");
        for (Response refused : List.of(admin.postEmpty("/api/contacts/" + contact.id() + "/password-reset-link"),
                admin.postJson("/api/contacts/" + contact.id() + "/password", Map.of("delivery", "manual")))) {
            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.body()).contains("The contact's account is disabled: enable it first");
        }
        assertThat(admin.postEmpty("/api/contacts/" + contact.id() + "/disable").status()).as("twice").isEqualTo(409);

        Response enabled = admin.postEmpty("/api/contacts/" + contact.id() + "/enable");
        assertThat(enabled.status()).isEqualTo(200);
        assertThat(enabled.json().get("accountStatus").asText()).as("the status it had").isEqualTo("active");
        assertThat(signIn(Http.anonymous(port), contact.email(), Scenario.MEMBER_PASSWORD).header("Location"))
                .endsWith("/account");
        assertThat(admin.postEmpty("/api/contacts/" + contact.id() + "/enable").status()).as("twice").isEqualTo(409);
        assertThat(history.of(contact.id())).extracting(ContactHistory.Entry::type, ContactHistory.Entry::actor)
                .containsSubsequence(org.assertj.core.groups.Tuple.tuple(ContactHistory.Type.ACCOUNT_DISABLED, "demo"),
                        org.assertj.core.groups.Tuple.tuple(ContactHistory.Type.ACCOUNT_ENABLED, "demo"));
    }

    @Test
    void aDisabledContactGetsNoEmailAndItsDeliveryEndsAsCancelledNotAsAnIncident() {
        Contact contact = scenario.newContact();
        Scenario.FirstAttempt attempt = scenario.firstAttempt(contact);

        assertThat(admin.postEmpty("/api/contacts/" + contact.id() + "/disable").status()).isEqualTo(200);
        scenario.runDeliveryJob(attempt.delivery());

        assertThat(scenario.mailsTo(contact.email())).isEmpty();
        assertThat(historyService.createHistoricVariableInstanceQuery()
                .processInstanceId(attempt.delivery().getId())
                .variableName(MailDeliveryProcess.Vars.DELIVERY_RESULT).singleResult().getValue())
                .isEqualTo("cancelled");
        assertThat(runtime.createProcessInstanceQuery().processInstanceId(attempt.delivery().getId()).count())
                .isZero();
        assertThat(runtime.createIncidentQuery().processInstanceId(attempt.invitation().getId()).count()).isZero();
        assertThat(invitations.get(scenario.idOf(attempt.invitation())).status())
                .isEqualTo(InvitationStatus.CANCELLED);
        assertThat(contacts.get(contact.id()).accountStatus()).isEqualTo(AccountStatus.DISABLED);
        assertThat(admin.postEmpty("/api/contacts/" + contact.id() + "/enable").json().get("accountStatus").asText())
                .as("the invitation ended while disabled: nothing left to be invited to").isEqualTo("none");
    }

    /**
     * A bounce names the address twice (the report's recipient, the suppression) and points at the mail log row: the
     * delete took the mail log but not these, and the reference made it fail.
     */
    @Test
    void aDeletedContactsBouncesAndSuppressionGoWithIt() throws Exception {
        Contact contact = scenario.newContact();
        ProcessInstance invitation = scenario.inviteAndDeliver(contact);
        MailLogEntry sent = mailLog.forInvitation(scenario.idOf(invitation)).get(0);
        deliveryEvents.apply(new DeliveryEvent("test:" + java.util.UUID.randomUUID(), "test", DeliveryEvent.Kind.BOUNCED,
                sent.messageId(), sent.recipient(), "5.1.1", "user unknown", java.time.Instant.now()));
        assertThat(suppressions.find(contact.email())).isPresent();
        assertThat(Tables.cellsContaining(dataSource, contact.email())).isNotEmpty();

        Response deleted = admin.delete("/api/contacts/" + contact.id());

        assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
        assertThat(suppressions.find(contact.email())).isEmpty();
        assertThat(Tables.cellsContaining(dataSource, contact.email())).isEmpty();
    }

    @Test
    void aDeletedContactLeavesNoPersonalDataInAnyTableAndTheHistoryKeepsThatItHappened() throws Exception {
        Contact contact = scenario.activeContact();
        // an admin pasted the address into Tasklist's bulk start form: the run recorded it, went on and ended
        ProcessInstance pastedBefore = pasteInTasklist(contact.email() + "\nsomeone.else@example.org\n");
        for (var job = scenario.jobOf(pastedBefore.getId()); job != null; job = management.createJobQuery()
                .processInstanceId(pastedBefore.getId()).singleResult()) {
            scenario.execute(job);
        }
        // a failed email (an SMTP reply naming the address), an open reset link and an open invitation's history
        assertThat(admin.postEmpty("/api/contacts/" + contact.id() + "/password-reset-link").status()).isEqualTo(202);
        String newEmail = Scenario.uniqueEmail("erased");
        assertThat(admin.patchJson("/api/contacts/" + contact.id(), Map.of("email", newEmail)).status())
                .isEqualTo(200);
        Contact pending = scenario.newContact();
        Scenario.FirstAttempt open = scenario.firstAttempt(pending);
        scenario.runDeliveryJobRejected(open.delivery());
        List<String> rootInstances = historyService.createHistoricProcessInstanceQuery()
                .variableValueEquals("contactId", pending.id()).list().stream().map(i -> i.getId()).toList();
        assertThat(rootInstances).isNotEmpty();
        assertThat(Tables.cellsContaining(dataSource, pending.email())).isNotEmpty();
        // a run pasted in upper case that has not yet carried out its first chunk
        pasteInTasklist(pending.email().toUpperCase(Locale.ROOT));
        assertThat(scenario.mailsTo(contact.email())).as("the invitation to the first address").isNotEmpty();

        assertThat(admin.delete("/api/contacts/" + contact.id()).status()).isEqualTo(204);
        Response deleted = admin.delete("/api/contacts/" + pending.id());
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);

        for (String personal : List.of(contact.email(), newEmail, pending.email())) {
            for (String spelt : List.of(personal, personal.toUpperCase(Locale.ROOT))) {
                assertThat(Tables.cellsContaining(dataSource, spelt)).as(spelt).isEmpty();
            }
            // the embedded SMTP server (the demo's mailbox): no message to any address the person had, nor its user
            assertThat(scenario.mailsTo(personal)).as(personal).isEmpty();
            assertThat(greenMail.getUserManager().getUserByEmail(personal)).as(personal).isNull();
        }
        assertThat(Tables.cellsContaining(dataSource, "someone.else@example.org").stream()
                .map(cell -> cell.toUpperCase(Locale.ROOT)).toList()).as("only the run's line keeps another address")
                .containsOnly("BULK_ITEM.LABEL");
        for (Contact gone : List.of(contact, pending)) {
            // PostgreSQL names its tables in lower case, H2 in upper case
            assertThat(Tables.cellsContaining(dataSource, gone.id()).stream()
                    .map(cell -> cell.toUpperCase(Locale.ROOT)).toList()).as("only the history names the id")
                    .containsOnly("CONTACT_EVENT.CONTACT_ID");
            assertThat(admin.get("/api/contacts/" + gone.id()).status()).isEqualTo(404);
            assertThat(history.of(gone.id())).last().satisfies(line -> {
                assertThat(line.type()).isEqualTo(ContactHistory.Type.CONTACT_DELETED);
                assertThat(line.actor()).isEqualTo("demo");
                assertThat(line.detail()).isNull();
            });
            assertThat(history.of(gone.id())).allSatisfy(line -> assertThat(line.detail()).isNull());
        }
        assertThat(count("SELECT COUNT(*) FROM ACT_HI_VARINST WHERE TEXT_ = :v", pending.id())).isZero();
        assertThat(count("SELECT COUNT(*) FROM ACT_RU_VARIABLE WHERE TEXT_ = :v", pending.id())).isZero();
        assertThat(count("SELECT COUNT(*) FROM ACT_HI_PROCINST WHERE ID_ = :v", rootInstances.get(0))).isZero();
        assertThat(runtime.createProcessInstanceQuery().processInstanceId(open.invitation().getId()).count()).isZero();
        assertThat(management.createJobQuery().processInstanceId(open.delivery().getId()).count()).isZero();
        assertThat(signIn(Http.anonymous(port), newEmail, Scenario.MEMBER_PASSWORD).status()).isEqualTo(401);
        assertThat(admin.delete("/api/contacts/" + contact.id()).status()).as("twice").isEqualTo(404);
    }

    /** A bulk run started from Tasklist's start form with these pasted lines. */
    private ProcessInstance pasteInTasklist(String lines) {
        return scenario.startInTasklist("demo", BulkInvitationProcess.PROCESS_KEY,
                Map.of(BulkInvitationProcess.Vars.SELECTION, BulkInvitationProcess.Selections.PASTED,
                        BulkInvitationProcess.Vars.ADDRESSES, lines));
    }

    private long count(String sql, String value) {
        return jdbc.sql(sql).param("v", value).query(Long.class).single();
    }

    private static Response signIn(Http browser, String email, String password) {
        Response form = browser.get("/sign-in");
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("_csrf", form.csrfToken());
        fields.put("email", email);
        fields.put("password", password);
        return browser.postForm("/sign-in", fields);
    }
}
