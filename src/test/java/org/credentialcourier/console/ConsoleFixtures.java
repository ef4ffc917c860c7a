package org.credentialcourier.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.credentialcourier.bulk.BulkInvitationProcess;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.contact.ContactService;
import org.credentialcourier.contact.NewContact;
import org.credentialcourier.invitation.InvitationProcess;
import org.credentialcourier.invitation.InvitationService;
import org.credentialcourier.member.Activation;
import org.credentialcourier.support.DeliveryDriver;
import org.credentialcourier.support.Http;
import org.credentialcourier.support.Scenario;
import org.springframework.stereotype.Component;

/**
 * Invitations in each of the five statuses for contacts that share a last name of the test's own, so that a search
 * for that name shows them and nothing that other tests left in the shared database.
 */
@Component
class ConsoleFixtures {

    private final ContactService contacts;
    private final InvitationService invitations;
    private final Scenario scenario;
    private final Activation activation;
    private final RuntimeService runtime;
    private final ManagementService management;

    ConsoleFixtures(ContactService contacts, InvitationService invitations, Scenario scenario, Activation activation,
                    RuntimeService runtime, ManagementService management) {
        this.contacts = contacts;
        this.invitations = invitations;
        this.scenario = scenario;
        this.activation = activation;
        this.runtime = runtime;
        this.management = management;
    }

    /** A last name no other test uses: letters only, as names are searched. */
    static String marker(String prefix) {
        StringBuilder letters = new StringBuilder(prefix);
        for (char digit : Long.toString(System.nanoTime()).toCharArray()) {
            letters.append((char) ('a' + (digit - '0')));
        }
        return letters.toString();
    }

    /** The CSRF token of a console form, from a page that the admin may see. */
    static String csrfOf(Http admin, String page) {
        Http.Response response = admin.get(page);
        assertThat(response.status()).as(page).isEqualTo(200);
        return response.csrfToken();
    }

    /** A contact of each first name, all with the same last name, in this order. */
    List<Contact> contacts(String lastName, String... firstNames) {
        return Arrays.stream(firstNames).map(first -> contact(first, lastName)).toList();
    }

    Contact contact(String firstName, String lastName) {
        return contacts.create(new NewContact(Scenario.uniqueEmail(firstName.toLowerCase()), firstName, lastName, "en"));
    }

    /** Invited and delivered: waiting for acceptance. */
    String pending(Contact contact) {
        return scenario.idOf(scenario.inviteAndDeliver(contact));
    }

    /** The first delivery failed until "Resolve failed delivery" waits for an admin. */
    String failed(Contact contact) {
        Scenario.FirstAttempt attempt = scenario.firstAttempt(contact);
        DeliveryDriver.escalateWhileSmtpIsDown(scenario, attempt.delivery());
        return scenario.idOf(attempt.invitation());
    }

    String active(Contact contact) {
        String id = pending(contact);
        if (!activation.submit(scenario.lastToken(contact.email()), Scenario.MEMBER_PASSWORD,
                Scenario.MEMBER_PASSWORD).succeeded()) {
            throw new AssertionError("Activation failed");
        }
        return id;
    }

    String expired(Contact contact) {
        ProcessInstance instance = scenario.inviteAndDeliver(contact);
        scenario.execute(scenario.timer(instance.getId(), InvitationProcess.Elements.INVITATION_EXPIRED));
        return scenario.idOf(instance);
    }

    String cancelled(Contact contact) {
        String id = pending(contact);
        invitations.cancel(id, "system");
        return id;
    }

    /** Runs a bulk run's chunks (the job executor is off in the tests) until it waits for the review or ends. */
    void runChunks(String bulkId) {
        ProcessInstance bulk = runtime.createProcessInstanceQuery()
                .processDefinitionKey(BulkInvitationProcess.PROCESS_KEY).variableValueEquals("bulkId", bulkId)
                .singleResult();
        int ran = 0;
        List<Job> jobs;
        while (bulk != null && !(jobs = management.createJobQuery().processInstanceId(bulk.getId()).list()).isEmpty()) {
            management.executeJob(jobs.get(0).getId());
            if (++ran > 100) {
                throw new AssertionError("More than 100 chunks");
            }
        }
    }
}
