package org.credentialcourier.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;

import java.net.http.HttpRequest.BodyPublishers;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.credentialcourier.bulk.BulkInvitationProcess.Elements;
import org.credentialcourier.bulk.BulkInvitationProcess.Vars;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.contact.ContactRepository;
import org.credentialcourier.invitation.InvitationRepository;
import org.credentialcourier.invitation.InvitationService;
import org.credentialcourier.reset.PasswordResetRepository;
import org.credentialcourier.support.Http;
import org.credentialcourier.support.Http.Response;
import org.credentialcourier.support.ProcessTest;
import org.credentialcourier.support.Scenario;
import org.credentialcourier.support.Tables;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Process {@code bulk-invitation} and its REST API: invitations by id, by filter and from a CSV import, resend and
 * cancel in bulk (by invitation or by contact), reset links in bulk, the Tasklist start form, dry runs, and what each
 * refuses. Chunks are 3 items (test profile), so a
 * handful of contacts takes the loop round several times.
 */
@ProcessTest
class BulkInvitationProcessTest {

    @LocalServerPort int port;
    @Autowired ProcessEngine engine;
    @Autowired RuntimeService runtime;
    @Autowired ManagementService management;
    @Autowired HistoryService history;
    @Autowired Scenario scenario;
    @Autowired InvitationService invitations;
    @Autowired InvitationRepository invitationRows;
    @Autowired ContactRepository contacts;
    @Autowired DataSource dataSource;
    @Autowired PasswordResetRepository resets;

    private Http admin;

    @BeforeEach
    void signIn() {
        BpmnAwareTests.init(engine);
        admin = Http.as(port, "demo", "demo");
    }

    @Test
    void invitesContactsByIdInChunksAndSkipsWhatCannotBeInvited() {
        List<Contact> fresh = List.of(scenario.newContact(), scenario.newContact(), scenario.newContact(),
                scenario.newContact(), scenario.newContact());
        Contact pending = scenario.newContact();
        scenario.invite(pending);
        Contact active = scenario.activeContact();
        List<String> ids = new ArrayList<>(fresh.stream().map(Contact::id).toList());
        ids.addAll(List.of(pending.id(), active.id(), "no-such-contact", fresh.get(0).id()));

        Response accepted = admin.postJson("/api/invitations/bulk", Map.of("contactIds", ids));

        assertThat(accepted.status()).isEqualTo(202);
        String bulkId = accepted.json().get("id").asText();
        assertThat(accepted.header("Location")).isEqualTo("/api/bulk/" + bulkId);
        assertThat(accepted.json().get("total").asInt()).isEqualTo(9);
        assertThat(accepted.json().get("queued").asInt()).isEqualTo(5);
        assertThat(accepted.json().get("finished").asBoolean()).isFalse();
        ProcessInstance bulk = bulkInstance(bulkId);
        assertThat(bulk).isWaitingAt(Elements.PROCESS_NEXT_CHUNK);

        int chunks = runChunks(bulk);

        assertThat(chunks).isEqualTo(2);
        JsonNode status = admin.get("/api/bulk/" + bulkId).json();
        assertThat(status.get("invited").asInt()).isEqualTo(5);
        assertThat(status.get("skipped").asInt()).isEqualTo(4);
        assertThat(status.get("queued").asInt()).isZero();
        assertThat(status.get("finished").asBoolean()).isTrue();
        assertThat(reasons(status)).containsExactly("already-pending", "already-active", "unknown-contact",
                "duplicate");
        assertThat(status.get("skippedByReason").toString()).isEqualTo(
                "{\"duplicate\":1,\"unknown-contact\":1,\"already-pending\":1,\"already-active\":1}");
        for (Contact contact : fresh) {
            var invitation = invitationRows.findOpenForContact(contact.id()).orElseThrow();
            assertThat(invitation.createdBy()).isEqualTo("demo");
            assertThat(scenario.instanceOf(invitation.id())).isNotNull();
        }
        assertThat(bulk).isWaitingAt(Elements.REVIEW_RESULT);
        String summary = (String) runtime.getVariable(bulk.getId(), Vars.REVIEW_SUMMARY);
        assertThat(summary).contains("Invited: 5 of 9", "Skipped: 4", "- item 6: ", "open invitation",
                "- item 9: The same contact or invitation appears earlier").doesNotContain(pending.email());
        assertThat((String) runtime.getVariable(bulk.getId(), Vars.REVIEW_LINK))
                .isEqualTo("https://courier.example.test/admin/bulk/" + bulkId);
        assertThat(runtime.getVariable(bulk.getId(), Vars.ITEMS_DONE)).isEqualTo(5);
        assertThat(history.createHistoricVariableInstanceQuery().processInstanceId(bulk.getId())
                .variableName(Vars.ITEMS_QUEUED).singleResult().getValue()).isEqualTo(0);

        complete(task(bulk));

        assertThat(bulk).isEnded().hasPassed(Elements.END_REVIEWED);
    }

    @Test
    void aRunWithNothingSkippedEndsWithoutAReview() {
        List<String> ids = List.of(scenario.newContact().id(), scenario.newContact().id());

        String bulkId = admin.postJson("/api/invitations/bulk", Map.of("contactIds", ids)).json().get("id").asText();
        ProcessInstance bulk = bulkInstance(bulkId);
        runChunks(bulk);

        assertThat(bulk).isEnded().hasPassed(Elements.SUMMARISE_BULK, Elements.END_COMPLETED);
        assertThat(admin.get("/api/bulk/" + bulkId).json().get("invited").asInt()).isEqualTo(2);
    }

    @Test
    void aFilterSelectsTheContactsNotYetInvited() {
        String marker = letters("filtered");
        Contact one = contactNamed(marker);
        Contact two = contactNamed(marker);
        Contact invited = contactNamed(marker);
        scenario.invite(invited);

        Response preview = admin.postJson("/api/invitations/bulk?dryRun=true",
                Map.of("filter", Map.of("accountStatus", "none", "q", marker)));
        assertThat(preview.status()).isEqualTo(200);
        assertThat(preview.json().get("dryRun").asBoolean()).isTrue();
        assertThat(preview.json().get("invited").asInt()).isEqualTo(2);
        assertThat(preview.json().has("id")).isFalse();

        String bulkId = admin.postJson("/api/invitations/bulk",
                Map.of("filter", Map.of("accountStatus", "none", "q", marker))).json().get("id").asText();
        runChunks(bulkInstance(bulkId));

        assertThat(invitationRows.findOpenForContact(one.id())).isPresent();
        assertThat(invitationRows.findOpenForContact(two.id())).isPresent();
        assertThat(admin.get("/api/bulk/" + bulkId).json().get("total").asInt()).isEqualTo(2);
    }

    @Test
    void aCsvImportCreatesAndInvitesTheGoodRowsAndNamesEachBadRowAndField() {
        String a = Scenario.uniqueEmail("csv.a");
        String b = Scenario.uniqueEmail("csv.b");
        Contact existing = scenario.newContact();
        String csv = "email,firstName,lastName,locale\r\n"
                + a + ",Grace,Hopper,en\r\n"
                + "not-an-address,Alan,Turing,en\r\n"
                + b + ",\"Ren\u00e9e, the second\",Descartes,fr\r\n"
                + Scenario.uniqueEmail("csv.c") + ",Ada,,en\r\n"
                + Scenario.uniqueEmail("csv.d") + ",Edsger,Dijkstra,nl\r\n"
                + a.toUpperCase() + ",Grace,Again,en\r\n"
                + existing.email() + ",Ada,Lovelace,en\r\n";

        Response started = admin.post("/api/contacts/import?invite=true", "text/csv; charset=utf-8",
                BodyPublishers.ofString(csv));

        assertThat(started.status()).isEqualTo(202);
        JsonNode run = started.json();
        assertThat(run.get("total").asInt()).isEqualTo(7);
        assertThat(run.get("imported").asInt()).isEqualTo(2);
        assertThat(run.get("queued").asInt()).isEqualTo(3);
        List<JsonNode> skipped = new ArrayList<>();
        run.get("skippedItems").forEach(skipped::add);
        assertThat(skipped).extracting(item -> item.get("row").asInt() + " " + item.get("field").asText())
                .containsExactly("3 email", "5 lastName", "6 locale", "7 email");
        assertThat(skipped.get(0).get("detail").asText()).isEqualTo("Row 3: email must be a well-formed email address");
        assertThat(skipped.get(3).get("detail").asText()).contains("the same address as row 2");
        Contact renee = contacts.findByEmail(b).orElseThrow();
        assertThat(renee.firstName()).isEqualTo("Ren\u00e9e, the second");
        assertThat(renee.locale()).isEqualTo("fr");

        runChunks(bulkInstance(run.get("id").asText()));

        assertThat(invitationRows.findOpenForContact(renee.id())).isPresent();
        assertThat(invitationRows.findOpenForContact(existing.id())).isPresent();
        assertThat(admin.get("/api/bulk/" + run.get("id").asText()).json().get("invited").asInt()).isEqualTo(3);
    }

    @Test
    void anImportWithoutInvitationsEndsWithTheRequest() throws Exception {
        Contact existing = scenario.newContact();
        String fresh = Scenario.uniqueEmail("import.only");
        String csv = "Email,First Name,Last Name\n" + fresh + ",Barbara,Liskov\n" + existing.email() + ",Ada,L\n\n";

        JsonNode run = admin.post("/api/contacts/import", "text/csv", BodyPublishers.ofString(csv)).json();

        assertThat(run.get("action").asText()).isEqualTo("import");
        assertThat(run.get("finished").asBoolean()).isTrue();
        assertThat(run.get("done").asInt()).isEqualTo(1);
        assertThat(run.get("skippedItems").get(0).get("reason").asText()).isEqualTo("contact-exists");
        assertThat(contacts.findByEmail(fresh).orElseThrow().locale()).isEqualTo("en");
        assertThat(run.has("processInstanceId")).isFalse();
    }

    @Test
    void aDryRunImportShowsWhatWouldHappenAndWritesNothing() throws Exception {
        String csv = "email,firstName,lastName\n" + Scenario.uniqueEmail("dry") + ",Katherine,Johnson\nbad,,\n";
        var before = Tables.rowCounts(dataSource);

        Response preview = admin.post("/api/contacts/import?invite=true&dryRun=true", "text/csv",
                BodyPublishers.ofString(csv));

        assertThat(preview.status()).isEqualTo(200);
        assertThat(preview.json().get("invited").asInt()).isEqualTo(1);
        assertThat(preview.json().get("imported").asInt()).isEqualTo(1);
        assertThat(preview.json().get("skipped").asInt()).isEqualTo(1);
        assertThat(Tables.rowCounts(dataSource)).isEqualTo(before);
    }

    @Test
    void badRequestsAreRefusedNamingTheFieldAndChangeNothing() throws Exception {
        var before = Tables.rowCounts(dataSource);

        assertField(admin.postJson("/api/invitations/bulk", Map.of()), 400, "contactIds");
        assertField(admin.postJson("/api/invitations/bulk", Map.of("contactIds", List.of("x"),
                "filter", Map.of())), 400, "contactIds");
        assertField(admin.postJson("/api/invitations/bulk", Map.of("contactIds", List.of())), 400, "contacts");
        assertField(admin.postJson("/api/invitations/bulk", Map.of("filter", Map.of("locale", "xx"))), 400,
                "filter.locale");
        assertField(admin.post("/api/contacts/import", "text/csv", BodyPublishers.ofString("email,lastName\na@b.c,X\n")),
                400, "header");
        assertField(admin.post("/api/contacts/import", "text/csv", BodyPublishers.ofString("")), 400, "body");
        assertField(admin.post("/api/contacts/import", "text/csv",
                BodyPublishers.ofString("email,firstName,lastName\n\"a@b.c,A,B\n")), 400, "body");
        assertField(admin.post("/api/contacts/import", "text/csv",
                BodyPublishers.ofByteArray(new byte[] {'e', 'm', (byte) 0xC0, (byte) 0xAF, '\n'})), 400, "body");
        assertField(admin.post("/api/contacts/import", "text/csv",
                BodyPublishers.ofByteArray(new byte[2 * 1024 * 1024])), 413, "body");
        assertField(admin.postJson("/api/invitations/resend", Map.of("status", "active")), 400, "status");
        assertField(admin.postJson("/api/invitations/cancel", Map.of()), 400, "ids");
        assertThat(admin.post("/api/contacts/import", "application/xml", BodyPublishers.ofString("<a/>")).status())
                .isEqualTo(415);
        assertThat(admin.get("/api/bulk/no-such-run").status()).isEqualTo(404);
        assertThat(admin.get("/api/bulk/no-such-run/items").status()).isEqualTo(404);
        assertThat(Http.anonymous(port).postJson("/api/invitations/bulk", Map.of("contactIds", List.of("x")))
                .status()).isEqualTo(401);

        assertThat(Tables.rowCounts(dataSource)).isEqualTo(before);
    }

    @Test
    void resendAndCancelInBulk() {
        Contact first = scenario.newContact();
        Contact second = scenario.newContact();
        String one = openInvitation(first);
        String two = openInvitation(second);
        Contact third = scenario.newContact();
        String expired = scenario.idOf(scenario.invite(third));
        invitations.expire(expired, "system");
        runtime.deleteProcessInstance(scenario.instanceOf(expired).getId(), "expired for the test");

        Response resent = admin.postJson("/api/invitations/resend", Map.of("ids", List.of(expired, one)));
        assertThat(resent.status()).isEqualTo(202);
        runChunks(bulkInstance(resent.json().get("id").asText()));
        assertThat(invitations.get(expired).status().code()).isEqualTo("pending");
        assertThat(scenario.instanceOf(expired)).isNotNull();
        assertThat(invitationRows.events(one)).extracting(event -> event.type().name()).contains("RESENT");

        Response cancelled = admin.postJson("/api/invitations/cancel", Map.of("ids", List.of(two, "unknown")));
        String cancelRun = cancelled.json().get("id").asText();
        ProcessInstance bulk = bulkInstance(cancelRun);
        runChunks(bulk);
        assertThat(invitations.get(two).status().code()).isEqualTo("cancelled");
        assertThat(invitationRows.events(two)).anySatisfy(event -> {
            assertThat(event.type().name()).isEqualTo("CANCELLED");
            assertThat(event.actor()).isEqualTo("demo");
        });
        assertThat(bulk).isWaitingAt(Elements.REVIEW_RESULT);
        assertThat(reasons(admin.get("/api/bulk/" + cancelRun).json())).containsExactly("unknown-invitation");

        JsonNode again = admin.postJson("/api/invitations/cancel?dryRun=true", Map.of("ids", List.of(two))).json();
        assertThat(reasons(again)).containsExactly("not-cancellable");
    }

    @Test
    void resetLinksGoToTheActiveAccountsSelectedByIdOrByFilterAndTheDryRunCountsEachReason() {
        String marker = letters("reset");
        Contact active = scenario.activeContact();
        Contact fresh = scenario.newContact();
        Contact invited = scenario.newContact();
        scenario.invite(invited);
        Contact named = contactNamed(marker);

        Response preview = admin.postJson("/api/contacts/reset-links?dryRun=true",
                Map.of("contactIds", List.of(active.id(), fresh.id(), invited.id(), "no-such-contact")));
        assertThat(preview.status()).as(preview.body()).isEqualTo(200);
        assertThat(preview.json().get("action").asText()).isEqualTo("reset-link");
        assertThat(preview.json().get("done").asInt()).isEqualTo(1);
        assertThat(preview.json().get("skippedByReason").get("no-account").asInt()).isEqualTo(2);
        assertThat(preview.json().get("skippedByReason").get("unknown-contact").asInt()).isEqualTo(1);
        assertThat(resets.pendingForContact(active.id())).isEmpty();

        Response started = admin.postJson("/api/contacts/reset-links",
                Map.of("contactIds", List.of(active.id(), fresh.id())));
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String bulkId = started.json().get("id").asText();
        assertThat(started.header("Location")).isEqualTo("/api/bulk/" + bulkId);
        runChunks(bulkInstance(bulkId));
        assertThat(resets.pendingForContact(active.id())).hasSize(1)
                .allMatch(reset -> "demo".equals(reset.requestedBy()));
        assertThat(resets.pendingForContact(fresh.id())).isEmpty();
        JsonNode run = admin.get("/api/bulk/" + bulkId).json();
        assertThat(run.get("done").asInt()).isEqualTo(1);
        assertThat(reasons(run)).containsExactly("no-account");

        JsonNode byFilter = admin.postJson("/api/contacts/reset-links?dryRun=true",
                Map.of("filter", Map.of("q", marker))).json();
        assertThat(byFilter.get("source").asText()).isEqualTo("filter");
        assertThat(byFilter.get("total").asInt()).isEqualTo(1);
        assertThat(reasons(byFilter)).containsExactly("no-account");
        assertThat(byFilter.get("skippedItems").get(0).get("contactId").asText()).isEqualTo(named.id());
    }

    @Test
    void resendAndCancelTheLatestInvitationOfContactsSelectedByIdOrByFilter() {
        String marker = letters("latest");
        Contact pending = contactNamed(marker);
        String open = openInvitation(pending);
        String otherOpen = openInvitation(contactNamed(marker));
        Contact never = contactNamed(marker);

        JsonNode preview = admin.postJson("/api/invitations/cancel?dryRun=true",
                Map.of("filter", Map.of("q", marker))).json();
        assertThat(preview.get("done").asInt()).isEqualTo(2);
        assertThat(preview.get("skippedByReason").get("no-invitation").asInt()).isEqualTo(1);
        assertThat(invitations.get(open).status().code()).isEqualTo("pending");

        Response resent = admin.postJson("/api/invitations/resend",
                Map.of("contactIds", List.of(pending.id(), never.id())));
        assertThat(resent.status()).as(resent.body()).isEqualTo(202);
        assertThat(resent.json().get("source").asText()).isEqualTo("contact-ids");
        runChunks(bulkInstance(resent.json().get("id").asText()));
        assertThat(invitationRows.events(open)).extracting(event -> event.type().name()).contains("RESENT");
        assertThat(reasons(admin.get("/api/bulk/" + resent.json().get("id").asText()).json()))
                .containsExactly("no-invitation");

        Response cancelled = admin.postJson("/api/invitations/cancel", Map.of("filter", Map.of("q", marker)));
        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(202);
        runChunks(bulkInstance(cancelled.json().get("id").asText()));
        assertThat(invitations.get(open).status().code()).isEqualTo("cancelled");
        assertThat(invitations.get(otherOpen).status().code()).isEqualTo("cancelled");
        assertThat(invitationRows.findOpenForContact(never.id())).isEmpty();
    }

    @Test
    void badSelectionsByContactAreRefusedNamingTheFieldAndChangeNothing() throws Exception {
        Contact contact = scenario.newContact();
        var before = Tables.rowCounts(dataSource);

        assertField(admin.postJson("/api/contacts/reset-links", Map.of()), 400, "contactIds");
        assertField(admin.postJson("/api/contacts/reset-links", Map.of("contactIds", List.of(contact.id()),
                "filter", Map.of())), 400, "contactIds");
        assertField(admin.postJson("/api/contacts/reset-links", Map.of("contactIds", List.of())), 400,
                "contacts");
        assertField(admin.postJson("/api/contacts/reset-links", Map.of("filter", Map.of("accountStatus", "gone"))),
                400, "filter.accountStatus");
        assertField(admin.postJson("/api/contacts/reset-links", Map.of("contactIds", List.of("x\u0000"))), 400,
                "contactIds[0]");
        assertField(admin.postJson("/api/invitations/resend", Map.of("ids", List.of("x"),
                "contactIds", List.of(contact.id()))), 400, "contactIds");
        assertField(admin.postJson("/api/invitations/cancel", Map.of("status", "pending",
                "filter", Map.of())), 400, "filter");
        assertField(admin.postJson("/api/invitations/cancel", Map.of("filter", Map.of("locale", "xx"))), 400,
                "filter.locale");
        assertThat(Http.anonymous(port).postJson("/api/contacts/reset-links", Map.of("contactIds",
                List.of(contact.id()))).status()).isEqualTo(401);

        assertThat(Tables.rowCounts(dataSource)).isEqualTo(before);
    }

    @Test
    void tasklistStartFormInvitesPastedAddressesAndCreatesContactsFromFullLines() throws Exception {
        Contact existing = scenario.newContact();
        String fresh = Scenario.uniqueEmail("pasted");
        String nobody = Scenario.uniqueEmail("nobody");
        ProcessInstance bulk = scenario.startInTasklist("demo", BulkInvitationProcess.PROCESS_KEY, Map.of(
                Vars.SELECTION, "pasted",
                Vars.ADDRESSES, existing.email() + "\n\n" + fresh + ",Frances,Allen,fr\n" + nobody + "\n"
                        + "half,line\n"));

        String bulkId = (String) runtime.getVariable(bulk.getId(), Vars.BULK_ID);
        assertThat(bulk.getBusinessKey()).isEqualTo("invite · bulk " + bulkId.substring(0, 8));
        assertThat(runtime.getVariable(bulk.getId(), Vars.ADDRESSES)).isNull();
        // upper case on H2, lower case on PostgreSQL
        assertThat(Tables.cellsContaining(dataSource, nobody).stream().map(cell -> cell.toUpperCase(Locale.ROOT))
                .toList()).as("the history keeps the pasted lines for now").contains("ACT_HI_VARINST.TEXT_");
        runChunks(bulk);

        // the run recorded its items: the pasted lines left the engine's history, the run's line keeps its label
        assertThat(Tables.cellsContaining(dataSource, nobody).stream().map(cell -> cell.toUpperCase(Locale.ROOT))
                .toList()).containsOnly("BULK_ITEM.LABEL");

        JsonNode run = admin.get("/api/bulk/" + bulkId).json();
        assertThat(run.get("source").asText()).isEqualTo("paste");
        assertThat(run.get("createdBy").asText()).isEqualTo("demo");
        assertThat(run.get("invited").asInt()).isEqualTo(2);
        assertThat(reasons(run)).containsExactly("unknown-contact", "invalid-row");
        assertThat(contacts.findByEmail(fresh).orElseThrow().locale()).isEqualTo("fr");
        assertThat(bulk).isWaitingAt(Elements.REVIEW_RESULT);
        assertThat((String) runtime.getVariable(bulk.getId(), Vars.REVIEW_SUMMARY)).contains(
                "- row 4: No contact has this address", "- Row 5: lastName").doesNotContain(nobody);
    }

    @Test
    void tasklistStartFormRefusesNothingToDoAndStartsNothing() {
        long before = runtime.createProcessInstanceQuery().processDefinitionKey(BulkInvitationProcess.PROCESS_KEY)
                .count();
        assertThatThrownBy(() -> runtime.startProcessInstanceByKey(BulkInvitationProcess.PROCESS_KEY,
                Map.of(Vars.SELECTION, "pasted", Vars.ADDRESSES, "  \n")))
                .isInstanceOf(ProcessEngineException.class).hasMessageContaining("Nothing to do");
        assertThatThrownBy(() -> runtime.startProcessInstanceByKey(BulkInvitationProcess.PROCESS_KEY,
                Map.of(Vars.SELECTION, "everyone")))
                .isInstanceOf(ProcessEngineException.class).hasMessageContaining("Choose whom to invite");
        // one character over what the engine's column holds: a sentence, not a database error (was at 5,000)
        String tooLong = (Scenario.uniqueEmail("long") + "\n").repeat(200)
                .substring(0, BulkInvitationProcess.MAX_PASTED_LENGTH + 1);
        assertThatThrownBy(() -> scenario.startInTasklist("demo", BulkInvitationProcess.PROCESS_KEY,
                Map.of(Vars.SELECTION, "pasted", Vars.ADDRESSES, tooLong)))
                .isInstanceOf(ProcessEngineException.class)
                .hasMessageContaining("Paste at most 4,000 characters (4,001 were pasted)")
                .isNotInstanceOf(org.camunda.bpm.engine.ProcessEnginePersistenceException.class);
        assertThat(runtime.createProcessInstanceQuery().processDefinitionKey(BulkInvitationProcess.PROCESS_KEY)
                .count()).isEqualTo(before);
    }

    @Test
    void aChunkThatFailsIsRolledBackWholeAndTheRunResumesWhereItStopped() throws Exception {
        Contact one = scenario.newContact();
        Contact two = scenario.newContact();
        String bulkId = admin.postJson("/api/invitations/bulk", Map.of("contactIds", List.of(one.id(), two.id())))
                .json().get("id").asText();
        ProcessInstance bulk = bulkInstance(bulkId);
        Job chunk = management.createJobQuery().processInstanceId(bulk.getId()).singleResult();
        // a technical failure at the second item of the chunk, after the first was invited
        sql("ALTER TABLE invitation ADD CONSTRAINT ck_test_refuse CHECK (contact_id <> '" + two.id() + "')");
        try {
            assertThatThrownBy(() -> management.executeJob(chunk.getId())).isInstanceOf(Exception.class);
        } finally {
            sql("ALTER TABLE invitation DROP CONSTRAINT ck_test_refuse");
        }

        assertThat(admin.get("/api/bulk/" + bulkId).json().get("queued").asInt()).isEqualTo(2);
        assertThat(invitationRows.findOpenForContact(one.id())).isEmpty();
        assertThat(management.createJobQuery().jobId(chunk.getId()).singleResult().getExceptionMessage()).isNotNull();

        runChunks(bulk);

        assertThat(admin.get("/api/bulk/" + bulkId).json().get("invited").asInt()).isEqualTo(2);
        assertThat(invitationRows.forContact(one.id())).hasSize(1);
    }

    // ----

    /** Invited, and past "Register invitation" as the job executor would have it: resend and cancel apply. */
    private String openInvitation(Contact contact) {
        ProcessInstance invitation = scenario.invite(contact);
        return scenario.idOf(invitation);
    }

    /** A unique last name to filter on: letters only, as a name is (issue 13, case 17). */
    private static String letters(String prefix) {
        return prefix + Long.toString(System.nanoTime()).chars()
                .mapToObj(digit -> String.valueOf((char) ('a' + digit - '0')))
                .collect(java.util.stream.Collectors.joining());
    }

    private Contact contactNamed(String lastName) {
        return contacts.findById(createNamed(lastName)).orElseThrow();
    }

    private void sql(String statement) throws Exception {
        try (var connection = dataSource.getConnection(); var jdbc = connection.createStatement()) {
            jdbc.execute(statement);
        }
    }

    private String createNamed(String lastName) {
        Response created = admin.postJson("/api/contacts", Map.of("email", Scenario.uniqueEmail("named"),
                "firstName", "Named", "lastName", lastName, "locale", "en"));
        return created.json().get("id").asText();
    }

    private ProcessInstance bulkInstance(String bulkId) {
        return runtime.createProcessInstanceQuery().processDefinitionKey(BulkInvitationProcess.PROCESS_KEY)
                .variableValueEquals(Vars.BULK_ID, bulkId).singleResult();
    }

    /** Runs the run's jobs (its chunks) until it waits for the review or ends; returns how many ran. */
    private int runChunks(ProcessInstance bulk) {
        int ran = 0;
        List<Job> jobs;
        while (!(jobs = management.createJobQuery().processInstanceId(bulk.getId()).list()).isEmpty()) {
            management.executeJob(jobs.get(0).getId());
            ran++;
            assertThat(ran).as("chunks run").isLessThan(100);
        }
        return ran;
    }

    private static List<String> reasons(JsonNode run) {
        List<String> reasons = new ArrayList<>();
        run.get("skippedItems").forEach(item -> reasons.add(item.get("reason").asText()));
        return reasons;
    }

    private static void assertField(Response response, int status, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.json().get("field").asText()).as(response.body()).isEqualTo(field);
    }
}
