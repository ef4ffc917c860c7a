package org.credentialcourier.contact;

import java.util.function.BiFunction;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.credentialcourier.system.CurrentActor;
import org.credentialcourier.system.process.FormInput;
import org.credentialcourier.system.web.ConflictException;
import org.springframework.stereotype.Component;

/**
 * A Tasklist start form that names its contact by the address an admin typed. The Register delegates read such a form
 * here, so that what was typed is checked once and a refusal reaches the admin on the form, naming the address,
 * while the rules themselves stay in the feature's service.
 */
@Component
public class ContactStartForm {

    private final ContactRepository contacts;
    private final CurrentActor actor;

    public ContactStartForm(ContactRepository contacts, CurrentActor actor) {
        this.contacts = contacts;
        this.actor = actor;
    }

    /**
     * What {@code register} records for the contact whose address was typed into {@code field}, on behalf of the
     * form's initiator (else whoever is acting). A malformed or unknown address, or a refusal of the service, is
     * refused on the form.
     */
    public <T> T register(DelegateExecution execution, String field, String initiatorVariable,
                          BiFunction<String, String, T> register) {
        String email = (String) execution.getVariable(field);
        Contact contact = contacts.findByEmail(FormInput.email(field, email)).orElseThrow(() ->
                FormInput.refused(field, "No contact has the email address " + ContactRules.shown(email) + "."));
        String initiator = (String) execution.getVariable(initiatorVariable);
        try {
            return register.apply(contact.id(), initiator != null ? initiator : actor.name());
        } catch (ConflictException refused) {
            throw FormInput.refused(field, refused.getMessage() + " (" + contact.email() + ")");
        }
    }
}
