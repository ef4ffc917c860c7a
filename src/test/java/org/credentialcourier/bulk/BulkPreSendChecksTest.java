package org.credentialcourier.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest.BodyPublishers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.contact.ContactRepository;
import org.credentialcourier.contact.ContactService;
import org.credentialcourier.contact.NewContact;
import org.credentialcourier.delivery.Suppressions;
import org.credentialcourier.support.CourierTest;
import org.credentialcourier.support.Http;
import org.credentialcourier.support.Http.Response;
import org.credentialcourier.support.Scenario;
import org.credentialcourier.support.Tables;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The pre-send checks in bulk dry runs and runs (issue 16): an address that must not be sent to skips its row with
 * the reason, a likely typo is listed as a warning with the suggestion, and the dry run writes nothing.
 */
@CourierTest
class BulkPreSendChecksTest {

    @LocalServerPort int port;
    @Autowired ProcessEngine engine;
    @Autowired Scenario scenario;
    @Autowired ContactService contactService;
    @Autowired ContactRepository contacts;
    @Autowired Suppressions suppressions;
    @Autowired DataSource dataSource;

    private Http admin;

    @BeforeEach
    void signIn() {
        BpmnAwareTests.init(engine);
        admin = Http.as(port, "demo", "demo");
    }

    @Test
    void aCsvDryRunSkipsASuppressedRowAndListsATypoAndWritesNothing() throws Exception {
        String good = Scenario.uniqueEmail("bulk.good");
        String typo = Scenario.uniqueEmail("bulk.typo").replace("@example.org", "@gmial.com");
        String blocked = Scenario.uniqueEmail("bulk.blocked");
        suppressions.suppress(blocked, "bounced", "5.1.1 no such mailbox", null);
        String csv = "email,firstName,lastName\n" + good + ",Grace,Hopper\n" + typo + ",Alan,Turing\n"
                + blocked + ",Ada,Lovelace\n";
        var before = Tables.rowCounts(dataSource);

        Response preview = admin.post("/api/contacts/import?invite=true&dryRun=true", "text/csv",
                BodyPublishers.ofString(csv));

        assertThat(preview.status()).as(preview.body()).isEqualTo(200);
        JsonNode dry = preview.json();
        assertThat(dry.get("invited").asInt()).isEqualTo(2);
        assertThat(dry.get("imported").asInt()).as("the suppressed row's contact is not created").isEqualTo(2);
        assertThat(reasons(dry)).containsExactly("suppressed");
        assertThat(dry.get("skippedByReason").get("suppressed").asLong()).isEqualTo(1);
        JsonNode skipped = dry.get("skippedItems").get(0);
        assertThat(skipped.get("row").asInt()).isEqualTo(4);
        assertThat(skipped.get("field").asText()).isEqualTo("email");
        assertThat(skipped.get("detail").asText()).contains("suppression list since").contains("5.1.1");
        JsonNode warning = dry.get("warnings").get(0);
        assertThat(dry.get("warnings")).hasSize(1);
        assertThat(warning.get("row").asInt()).isEqualTo(3);
        assertThat(warning.get("code").asText()).isEqualTo("likely-typo");
        assertThat(warning.get("suggestion").asText()).isEqualTo(typo.replace("@gmial.com", "@gmail.com"));
        assertThat(Tables.rowCounts(dataSource)).isEqualTo(before);
    }

    @Test
    void aRunByIdRecordsTheSkipReasonAndCreatesNoContactForIt() {
        Contact clean = scenario.newContact();
        Contact blocked = scenario.newContact();
        suppressions.suppress(blocked.email(), "complained", "feedback loop report", null);
        Contact typo = contactService.create(new NewContact(
                Scenario.uniqueEmail("bulk.id").replace("@example.org", "@hotmial.com"), "Alan", "Turing", "en"));
        Map<String, Object> body = Map.of("contactIds", List.of(clean.id(), blocked.id(), typo.id()));

        JsonNode dry = admin.postJson("/api/invitations/bulk?dryRun=true", body).json();
        assertThat(dry.get("invited").asInt()).isEqualTo(2);
        assertThat(reasons(dry)).containsExactly("suppressed");
        assertThat(dry.get("warnings").get(0).get("label").asText()).isEqualTo(typo.email());

        Response run = admin.postJson("/api/invitations/bulk", body);
        assertThat(run.status()).isEqualTo(202);
        JsonNode recorded = admin.get("/api/bulk/" + run.json().get("id").asText()).json();
        assertThat(recorded.get("skippedByReason").get("suppressed").asLong()).isEqualTo(1);
        assertThat(recorded.get("skippedItems").get(0).get("contactId").asText()).isEqualTo(blocked.id());
        assertThat(contacts.findByEmail(blocked.email())).isPresent();
    }

    @Test
    void resetLinksAndResendsAreCheckedAsWell() {
        Contact active = scenario.activeContact();
        suppressions.suppress(active.email(), "bounced", "5.2.1 mailbox disabled", null);
        JsonNode reset = admin.postJson("/api/contacts/reset-links?dryRun=true",
                Map.of("contactIds", List.of(active.id()))).json();
        assertThat(reasons(reset)).containsExactly("suppressed");

        Contact invited = scenario.newContact();
        String invitation = scenario.idOf(scenario.inviteAndDeliver(invited));
        suppressions.suppress(invited.email(), "bounced", "5.1.1 unknown", null);
        JsonNode resend = admin.postJson("/api/invitations/resend?dryRun=true",
                Map.of("ids", List.of(invitation))).json();
        assertThat(reasons(resend)).containsExactly("suppressed");

        JsonNode cancel = admin.postJson("/api/invitations/cancel?dryRun=true",
                Map.of("ids", List.of(invitation))).json();
        assertThat(reasons(cancel)).as("a cancel sends nothing: not checked").isEmpty();
    }

    private static List<String> reasons(JsonNode run) {
        List<String> reasons = new ArrayList<>();
        run.get("skippedItems").forEach(item -> reasons.add(item.get("reason").asText()));
        return reasons;
    }
}
