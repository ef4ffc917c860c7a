package org.credentialcourier.contact;

import java.util.function.BiFunction;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.credentialcourier.system.CurrentActor;
import org.credentialcourier.system.process.BusinessKeys;
import org.credentialcourier.system.process.FormInput;
import org.credentialcourier.system.web.ConflictException;
import org.springframework.stereotype.Component;

/**
 * Whom the start of a process is about and who asked, for its Register delegate. A process is started either by the
 * application's process client, which names the contact and the actor, or through Tasklist's start form, where an
 * admin typed the contact's address: that address is checked here and the form shows any refusal, naming it. Either
 * way the delegate calls the one service method that records the start, whose rules answer both alike.
 */
@Component
public class ContactStart {

    /** The names of a process's start variables. */
    public record Names(String contactId, String requestedBy, String contactEmail, String initiator) {
    }

    private final ContactRepository contacts;
    private final CurrentActor actor;

    public ContactStart(ContactRepository contacts, CurrentActor actor) {
        this.contacts = contacts;
        this.actor = actor;
    }

    /**
     * Labels the instance for Cockpit with the contact's email and what it is about ({@code kind} and the start of
     * {@code subjectId}): {@link BusinessKeys}.
     */
    public void label(DelegateExecution execution, String contactId, String kind, String subjectId) {
        String email = contacts.findById(contactId).map(Contact::email).orElse(null);
        execution.setProcessBusinessKey(BusinessKeys.of(email, kind, subjectId));
    }

    /** What {@code register} records for the start's contact on behalf of whoever asked: {@code (contactId, actor)}. */
    public <T> T register(DelegateExecution execution, Names names, BiFunction<String, String, T> register) {
        String contactId = (String) execution.getVariable(names.contactId());
        if (contactId != null) {
            return register.apply(contactId, (String) execution.getVariable(names.requestedBy()));
        }
        String field = names.contactEmail();
        String email = (String) execution.getVariable(field);
        Contact contact = contacts.findByEmail(FormInput.email(field, email)).orElseThrow(() ->
                FormInput.refused(field, "No contact has the email address " + ContactRules.shown(email) + "."));
        String initiator = (String) execution.getVariable(names.initiator());
        try {
            return register.apply(contact.id(), initiator != null ? initiator : actor.name());
        } catch (ConflictException refused) {
            throw FormInput.refused(field, refused.getMessage() + " (" + contact.email() + ")");
        }
    }
}
