package org.credentialcourier.password;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.credentialcourier.contact.AccountStatus;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.contact.ContactHistory;
import org.credentialcourier.contact.ContactService;
import org.credentialcourier.password.PasswordChange.Status;
import org.credentialcourier.password.PasswordChangeProcess.Delivery;
import org.credentialcourier.password.PasswordChangeProcess.Vars;
import org.credentialcourier.system.web.ConflictException;
import org.credentialcourier.system.web.ResourceNotFoundException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Admin password changes, kept in step with process {@code password-change}. */
@Service
public class PasswordChangeService {

    private final PasswordChangeRepository changes;
    private final ContactService contacts;
    private final ContactHistory history;
    private final RuntimeService runtime;
    private final Clock clock;

    public PasswordChangeService(PasswordChangeRepository changes, ContactService contacts, ContactHistory history,
                                 RuntimeService runtime, Clock clock) {
        this.changes = changes;
        this.contacts = contacts;
        this.history = history;
        this.runtime = runtime;
        this.clock = clock;
    }

    /** Records the change and starts its process; returns the process instance (it waits at the hand-over, if manual). */
    @Transactional
    public ProcessInstance request(String contactId, Delivery delivery, String actor) {
        PasswordChange change = register(contacts.get(contactId), delivery, actor);
        return runtime.createProcessInstanceByKey(PasswordChangeProcess.PROCESS_KEY)
                .businessKey(change.id())
                .setVariable(Vars.CHANGE_ID, change.id())
                .setVariable(Vars.CONTACT_ID, contactId)
                .setVariable(Vars.CONTACT_EMAIL, contacts.get(contactId).email())
                .setVariable(Vars.DELIVERY, delivery.code())
                .execute();
    }

    /**
     * Only a contact with an account has a password to change; an invited one needs the invitation resent. One change
     * at a time: while one is open (its new password not yet delivered or handed over) a second is refused, naming
     * the open one, so that two admins never hand out two passwords of which only the later works.
     */
    @Transactional
    public PasswordChange register(Contact given, Delivery delivery, String actor) {
        changes.lockContact(given.id());
        Contact contact = contacts.get(given.id());
        if (contact.accountStatus() != AccountStatus.ACTIVE) {
            throw new ConflictException("Only a contact with an active account has a password to change",
                    "contactId", Map.of("accountStatus", contact.accountStatus().code()));
        }
        refuseIfOpen(contact.id());
        Instant now = clock.instant();
        PasswordChange change = new PasswordChange(UUID.randomUUID().toString(), contact.id(), delivery,
                Status.REQUESTED, actor, now, null);
        if (!changes.insert(change)) {
            // a concurrent request opened one first: the same refusal as for a request after it
            refuseIfOpen(contact.id());
            throw alreadyOpen(Map.of());
        }
        history.record(contact.id(), ContactHistory.Type.PASSWORD_CHANGE_REQUESTED, actor, "delivery: " + delivery.code());
        return change;
    }

    private void refuseIfOpen(String contactId) {
        changes.findOpenForContact(contactId).ifPresent(open -> {
            throw alreadyOpen(Map.of("passwordChangeId", open.id(), "status", open.status().code()));
        });
    }

    private static ConflictException alreadyOpen(Map<String, Object> open) {
        return new ConflictException(
                "The contact has an open password change already: wait for its delivery or hand it over first",
                "contactId", open);
    }

    @Transactional(readOnly = true)
    public PasswordChange get(String id) {
        return changes.findById(id).orElseThrow(() -> new ResourceNotFoundException("password change", id));
    }

    /** "Record password change". */
    @Transactional
    public void done(String id, String actor) {
        PasswordChange change = get(id);
        changes.end(id, Status.DONE, clock.instant());
        history.record(change.contactId(), ContactHistory.Type.PASSWORD_CHANGED, actor,
                "by an admin, delivery: " + change.delivery().code());
    }

    /** "Abandon password change": the delivery was cancelled; the earlier password stays valid. */
    @Transactional
    public void abandoned(String id, String actor) {
        PasswordChange change = get(id);
        changes.end(id, Status.ABANDONED, clock.instant());
        history.record(change.contactId(), ContactHistory.Type.PASSWORD_CHANGE_ABANDONED, actor, null);
    }
}
