package org.credentialcourier.password;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.credentialcourier.contact.ContactStart;
import org.credentialcourier.password.PasswordChangeProcess.Delivery;
import org.credentialcourier.password.PasswordChangeProcess.Vars;
import org.credentialcourier.system.CourierProperties;
import org.credentialcourier.system.process.FormInput;
import org.credentialcourier.system.web.PublicLinks;
import org.springframework.stereotype.Component;

/**
 * "Register password change": every change is recorded here, in the transaction of its start, whether
 * {@link PasswordChangeProcessClient} started it (REST, console) or an admin did through Tasklist's start form; the
 * instance then learns what the hand-over page needs.
 */
@Component
public class RegisterPasswordChangeDelegate implements JavaDelegate {

    private static final ContactStart.Names START =
            new ContactStart.Names(Vars.CONTACT_ID, Vars.REQUESTED_BY, Vars.CONTACT_EMAIL, Vars.INITIATOR);

    private final PasswordChangeService changes;
    private final ContactStart start;
    private final CourierProperties properties;

    public RegisterPasswordChangeDelegate(PasswordChangeService changes, ContactStart start,
                                          CourierProperties properties) {
        this.changes = changes;
        this.start = start;
        this.properties = properties;
    }

    @Override
    public void execute(DelegateExecution execution) {
        PasswordChange change = start.register(execution, START,
                (contactId, actor) -> changes.register(contactId, delivery(execution), actor));
        execution.setVariable(Vars.CHANGE_ID, change.id());
        execution.setVariable(Vars.CONTACT_ID, change.contactId());
        execution.setVariable(Vars.DELIVERY, change.delivery().code());
        start.label(execution, change.contactId(), PasswordChangeProcess.KEY_KIND, change.id());
        execution.setVariable(Vars.MAIL_TEMPLATE, PasswordChangeProcess.NEW_PASSWORD_TEMPLATE);
        execution.setVariable(Vars.SUBJECT_ID, change.id());
        execution.setVariable(Vars.HANDOVER_URL,
                properties.publicLink(PublicLinks.HAND_OVER_PREFIX + execution.getProcessInstanceId()));
    }

    private static Delivery delivery(DelegateExecution execution) {
        try {
            return Delivery.of((String) execution.getVariable(Vars.DELIVERY));
        } catch (IllegalArgumentException e) {
            throw FormInput.refused(Vars.DELIVERY, "Choose how the new password reaches the contact: email or manual"
                    + " (or manual-no-notice: shown once, and the contact gets no notice).");
        }
    }
}
