package org.credentialcourier.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.contact.ContactService;
import org.credentialcourier.contact.NewContact;
import org.credentialcourier.invitation.InvitationProcess.Elements;
import org.credentialcourier.invitation.InvitationStatus;
import org.credentialcourier.member.Activation;
import org.credentialcourier.support.CourierTest;
import org.credentialcourier.support.Http;
import org.credentialcourier.support.Http.Response;
import org.credentialcourier.support.Scenario;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * {@code GET /api/invitations} over HTTP: filter, search, paging, order and counts, on five invitations of their own
 * (one of each status, found by a search for this class's name tag, since other tests add invitations to the same
 * database), and the bad parameters it refuses.
 */
@CourierTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InvitationListApiTest {

    @LocalServerPort int port;
    @Autowired ProcessEngine engine;
    @Autowired Scenario scenario;
    @Autowired ContactService contacts;
    @Autowired Activation activation;
    @Autowired InvitationList list;

    /** In every last name of this class's contacts, and nowhere else. */
    private final String tag = "Trk" + System.nanoTime();
    /** Invitation id by status code. */
    private final Map<String, String> invitationOf = new java.util.HashMap<>();
    private Http admin;

    @BeforeEach
    void signIn() throws Exception {
        BpmnAwareTests.init(engine);
        admin = Http.as(port, "demo", "demo");
        if (invitationOf.isEmpty()) {
            oneInvitationOfEachStatus();
        }
    }

    /**
     * Once, before the first test (not in {@code @BeforeAll}: the engine's coverage recording runs per test method and
     * refuses process work outside one).
     */
    private void oneInvitationOfEachStatus() throws Exception {
        // the addresses sort the other way round than the last names, so that the two orders differ
        invitationOf.put("pending", scenario.idOf(invite(contact("e", "A"))));

        ProcessInstance failed = invite(contact("d", "B"));
        scenario.runDeliveryJobRejected(scenario.delivery(failed));
        invitationOf.put("failed", scenario.idOf(failed));

        Contact accepting = contact("c", "C");
        ProcessInstance active = invite(accepting);
        scenario.runDeliveryJob(scenario.delivery(active));
        assertThat(activation.submit(scenario.lastToken(accepting.email()), Scenario.MEMBER_PASSWORD,
                Scenario.MEMBER_PASSWORD).succeeded()).isTrue();
        invitationOf.put("active", scenario.idOf(active));

        ProcessInstance expired = invite(contact("b", "D"));
        scenario.runDeliveryJob(scenario.delivery(expired));
        scenario.execute(scenario.timer(expired.getId(), Elements.INVITATION_EXPIRED));
        invitationOf.put("expired", scenario.idOf(expired));

        ProcessInstance cancelled = invite(contact("a", "E"));
        assertThat(admin.postEmpty("/api/invitations/" + scenario.idOf(cancelled) + "/cancel").status())
                .isEqualTo(202);
        invitationOf.put("cancelled", scenario.idOf(cancelled));
    }

    @Test
    void listsTheSearchedInvitationsWithTheirContactsAndCountsEveryStatus() {
        Response response = admin.get("/api/invitations?q=" + tag);

        assertThat(response.status()).isEqualTo(200);
        JsonNode page = response.json();
        assertThat(page.get("total").asLong()).isEqualTo(5);
        assertThat(page.get("page").asInt()).isZero();
        assertThat(page.get("size").asInt()).isEqualTo(20);
        assertThat(page.get("counts").toString())
                .isEqualTo("{\"pending\":1,\"failed\":1,\"bounced\":0,\"active\":1,\"expired\":1,\"cancelled\":1}");
        assertThat(ids(page)).containsExactlyInAnyOrderElementsOf(invitationOf.values());

        JsonNode failed = item(page, invitationOf.get("failed"));
        assertThat(failed.get("status").asText()).isEqualTo("failed");
        assertThat(failed.get("email").asText()).startsWith("d-");
        assertThat(failed.get("firstName").asText()).isEqualTo("Grace");
        assertThat(failed.get("lastName").asText()).isEqualTo(tag + "B");
        assertThat(failed.get("contactId").asText()).isNotBlank();
        assertThat(failed.get("createdBy").asText()).isEqualTo("demo");
        for (String field : List.of("createdAt", "expiresAt", "updatedAt")) {
            assertThat(Instant.parse(failed.get(field).asText())).as(field).isNotNull();
        }
        assertThat(item(page, invitationOf.get("active")).get("acceptedAt")).isNotNull();
        assertThat(item(page, invitationOf.get("cancelled")).get("endedAt")).isNotNull();
    }

    @Test
    void statusFiltersTheItemsButNotTheCounts() {
        for (String status : invitationOf.keySet()) {
            JsonNode page = admin.get("/api/invitations?status=" + status + "&q=" + tag).json();

            assertThat(ids(page)).as(status).containsExactly(invitationOf.get(status));
            assertThat(page.get("total").asLong()).isEqualTo(1);
            assertThat(page.at("/counts/pending").asLong()).isEqualTo(1);
            assertThat(page.at("/counts/cancelled").asLong()).isEqualTo(1);
        }
    }

    @Test
    void withoutASearchTheTotalIsTheSumOfTheCounts() {
        JsonNode all = admin.get("/api/invitations?size=1").json();
        long sum = 0;
        for (JsonNode count : all.get("counts")) {
            sum += count.asLong();
        }
        assertThat(all.get("total").asLong()).isEqualTo(sum).isGreaterThanOrEqualTo(5);

        JsonNode pending = admin.get("/api/invitations?status=pending&size=1").json();
        assertThat(pending.get("total").asLong()).isEqualTo(pending.at("/counts/pending").asLong());
        assertThat(pending.at("/items/0/status").asText()).isEqualTo("pending");
    }

    @Test
    void searchFindsNameOrEmailInAnyCase() {
        assertThat(ids(admin.get("/api/invitations?q=" + tag.toUpperCase() + "B").json()))
                .containsExactly(invitationOf.get("failed"));
        assertThat(ids(admin.get("/api/invitations?q=" + encode("grace " + tag.toLowerCase() + "c")).json()))
                .as("first and last name").containsExactly(invitationOf.get("active"));
        assertThat(ids(admin.get("/api/invitations?q=" + encode("a-" + tag.toLowerCase() + "@EXAMPLE")).json()))
                .as("email").containsExactly(invitationOf.get("cancelled"));
        assertThat(admin.get("/api/invitations?q=" + tag + "Z").json().get("total").asLong()).isZero();
    }

    @Test
    void pagesAreStableAndAddUpToTheWholeList() {
        List<String> whole = ids(admin.get("/api/invitations?q=" + tag).json());
        List<String> paged = new ArrayList<>();
        for (int page = 0; page < 3; page++) {
            JsonNode json = admin.get("/api/invitations?q=" + tag + "&size=2&page=" + page).json();
            assertThat(json.get("total").asLong()).isEqualTo(5);
            assertThat(json.get("size").asInt()).isEqualTo(2);
            paged.addAll(ids(json));
        }
        assertThat(paged).containsExactlyElementsOf(whole);
        JsonNode beyond = admin.get("/api/invitations?q=" + tag + "&size=2&page=3").json();
        assertThat(beyond.get("items")).isEmpty();
        assertThat(beyond.get("total").asLong()).isEqualTo(5);
    }

    @Test
    void defaultOrderIsNewestFirstWithTheIdBreakingTies() {
        JsonNode page = admin.get("/api/invitations?q=" + tag).json();
        assertThat(list(page.get("items")))
                .isSortedAccordingTo(by(i -> Instant.parse(i.get("createdAt").asText())).reversed());
        assertThat(ids(admin.get("/api/invitations?q=" + tag + "&sort=createdAt,desc").json()))
                .containsExactlyElementsOf(ids(page));
        assertThat(ids(page).get(0)).as("the cancelled one was invited last")
                .isEqualTo(invitationOf.get("cancelled"));
    }

    @Test
    void sortsByEveryAllowedField() {
        assertThat(ids(admin.get("/api/invitations?q=" + tag + "&sort=lastName,asc").json())).containsExactly(
                invitationOf.get("pending"), invitationOf.get("failed"), invitationOf.get("active"),
                invitationOf.get("expired"), invitationOf.get("cancelled"));
        assertThat(ids(admin.get("/api/invitations?q=" + tag + "&sort=email,asc").json())).containsExactly(
                invitationOf.get("cancelled"), invitationOf.get("expired"), invitationOf.get("active"),
                invitationOf.get("failed"), invitationOf.get("pending"));
        assertThat(ids(admin.get("/api/invitations?q=" + tag + "&sort=email,desc").json())).containsExactly(
                invitationOf.get("pending"), invitationOf.get("failed"), invitationOf.get("active"),
                invitationOf.get("expired"), invitationOf.get("cancelled"));
        assertThat(ids(admin.get("/api/invitations?q=" + tag + "&sort=status").json())).as("ascending by default")
                .containsExactly(invitationOf.get("active"), invitationOf.get("cancelled"),
                        invitationOf.get("expired"), invitationOf.get("failed"), invitationOf.get("pending"));
        for (String field : List.of("createdAt", "updatedAt", "expiresAt")) {
            JsonNode ascending = admin.get("/api/invitations?q=" + tag + "&sort=" + field + ",asc").json();
            Comparator<JsonNode> order = by(i -> Instant.parse(i.get(field).asText()));
            assertThat(list(ascending.get("items"))).as(field).hasSize(5)
                    .isSortedAccordingTo(order.thenComparing(i -> i.get("id").asText()));
            JsonNode descending = admin.get("/api/invitations?q=" + tag + "&sort=" + field + ",desc").json();
            assertThat(ids(descending)).as(field).containsExactlyElementsOf(reversed(ids(ascending)));
        }
    }

    @Test
    void aSearchReadInTheIndexOrderFindsTheSamePagesAsOneReadByItsContacts() {
        for (InvitationSort.Field field : InvitationSort.Field.values()) {
            for (boolean ascending : List.of(true, false)) {
                InvitationSort sort = new InvitationSort(field, ascending);
                for (InvitationStatus status : java.util.Arrays.asList(null, InvitationStatus.FAILED)) {
                    for (int offset = 0; offset < 5; offset += 2) {
                        List<InvitationListItem> byContacts = list.page(status, tag, sort, offset, 2, false);
                        assertThat(list.page(status, tag, sort, offset, 2, true)).as(sort + " " + status + " " + offset)
                                .isEqualTo(byContacts);
                        if (status == null) {
                            assertThat(byContacts).hasSize(Math.min(2, 5 - offset));
                        }
                    }
                }
            }
        }
    }

    @Test
    void likeWildcardsInTheSearchAreSearchedFor() throws Exception {
        String other = "Wild" + System.nanoTime();
        String underscore = scenario.idOf(invite(contacts.create(new NewContact(Scenario.uniqueEmail("under"), "Ada",
                other + "_1", "en"))));
        invite(contacts.create(new NewContact(Scenario.uniqueEmail("plain"), "Ada", other + "X1", "en")));

        assertThat(admin.get("/api/invitations?q=" + other).json().get("total").asLong()).isEqualTo(2);
        assertThat(ids(admin.get("/api/invitations?q=" + other + "_1").json())).containsExactly(underscore);
        assertThat(admin.get("/api/invitations?q=" + other + "%25").json().get("total").asLong()).isZero();
        assertThat(admin.get("/api/invitations?q=" + other + "%25X").json().get("total").asLong()).isZero();
        assertThat(admin.get("/api/invitations?q=" + other + "%5C").json().get("total").asLong()).isZero();
    }

    @ParameterizedTest(name = "{0} is refused")
    @CsvSource(delimiter = '|', textBlock = """
            page=-1                      | page
            page=100001                  | page
            page=abc                     | page
            size=0                       | size
            size=201                     | size
            size=100000                  | size
            status=open                  | status
            status=PENDING               | status
            status=pending,failed        | status
            status=pending%00            | status
            sort=password                | sort
            sort=createdAt,sideways      | sort
            sort=createdAt,asc,id        | sort
            sort=created_at              | sort
            sort=createdAt%3BDROP%20TABLE%20invitation | sort
            q=%0D%0Ax                    | q
            """)
    void badParametersAreRefusedNamingTheField(String query, String field) {
        Response response = admin.get("/api/invitations?" + query);

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("field").asText()).isEqualTo(field);
        assertThat(response.body()).doesNotContain("Exception", "at org.");
    }

    @Test
    void overLongSearchIsRefused() {
        Response response = admin.get("/api/invitations?q=" + "q".repeat(201));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("field").asText()).isEqualTo("q");
    }

    // ---- helpers

    private Contact contact(String emailPrefix, String lastNameSuffix) {
        return contacts.create(new NewContact(emailPrefix + "-" + tag.toLowerCase() + "@example.org", "Grace",
                tag + lastNameSuffix, "en"));
    }

    /** Invites over REST as admin demo; returns the invitation's process instance. */
    private ProcessInstance invite(Contact contact) {
        Response created = admin.postJson("/api/invitations", Map.of("contactId", contact.id()));
        assertThat(created.status()).isEqualTo(201);
        return scenario.instanceOf(created.json().get("id").asText());
    }

    private static List<String> ids(JsonNode page) {
        return list(page.get("items")).stream().map(i -> i.get("id").asText()).toList();
    }

    private static JsonNode item(JsonNode page, String id) {
        return list(page.get("items")).stream().filter(i -> i.get("id").asText().equals(id)).findFirst().orElseThrow();
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }

    private static <T extends Comparable<T>> Comparator<JsonNode> by(Function<JsonNode, T> key) {
        return Comparator.comparing(key);
    }

    private static List<String> reversed(List<String> ids) {
        List<String> copy = new ArrayList<>(ids);
        java.util.Collections.reverse(copy);
        return copy;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
