package org.credentialcourier.password;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.credentialcourier.contact.AccountStatus;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.contact.ContactHistory;
import org.credentialcourier.contact.ContactService;
import org.credentialcourier.credential.AccountPasswords;
import org.credentialcourier.password.PasswordChange.Status;
import org.credentialcourier.password.PasswordChangeProcess.Delivery;
import org.credentialcourier.system.web.ConflictException;
import org.credentialcourier.system.web.ResourceNotFoundException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Admin password changes, kept in step with process {@code password-change} through
 * {@link PasswordChangeProcessClient}. Every change starts its process, whose first task records it
 * ({@link #register}): one start path, whether the change comes from the REST API, the console or Tasklist's form.
 */
@Service
public class PasswordChangeService {

    private final PasswordChangeRepository changes;
    private final ContactService contacts;
    private final ContactHistory history;
    private final PasswordChangeProcessClient process;
    private final AccountPasswords passwords;
    private final Clock clock;

    public PasswordChangeService(PasswordChangeRepository changes, ContactService contacts, ContactHistory history,
                                 PasswordChangeProcessClient process, AccountPasswords passwords, Clock clock) {
        this.changes = changes;
        this.passwords = passwords;
        this.contacts = contacts;
        this.history = history;
        this.process = process;
        this.clock = clock;
    }

    /** A requested change and the id of its process instance, which waits at the hand-over if by hand. */
    public record Requested(PasswordChange change, String processInstanceId) {
    }

    /** Starts a change's process, which records the change ({@link #register}), in one transaction. */
    @Transactional
    public Requested request(String contactId, Delivery delivery, String actor) {
        Contact contact = contacts.get(contactId);
        PasswordChangeProcessClient.Started started = process.start(contact.id(), contact.email(), delivery, actor);
        return new Requested(get(started.changeId()), started.processInstanceId());
    }

    /**
     * Only a contact with an account has a password to change; an invited one needs the invitation resent. One change
     * at a time: while one is open (its new password not yet delivered or handed over) a second is refused, naming
     * the open one, so that two admins never hand out two passwords of which only the later works. Called by the
     * process's first task ("Register password change").
     */
    @Transactional
    public PasswordChange register(String contactId, Delivery delivery, String actor) {
        changes.lockContact(contactId);
        Contact contact = contacts.get(contactId);
        if (contact.accountStatus() != AccountStatus.ACTIVE) {
            throw new ConflictException(contact.accountStatus() == AccountStatus.DISABLED
                    ? "The contact's account is disabled: enable it first"
                    : "Only a contact with an active account has a password to change",
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

    /**
     * The change's new-password email bounced for good after its server had accepted it: an admin decides, in an
     * instance of its own, if the bounce is about the contact's current address (a bounce of an address corrected
     * since is history only). True when the process took it.
     */
    @Transactional
    public boolean bounceReported(String id, String recipient, String reason) {
        PasswordChange change = get(id);
        Contact contact = contacts.get(change.contactId());
        if (recipient == null || !recipient.equalsIgnoreCase(contact.email())) {
            return false;
        }
        process.bounced(id, contact.id(), recipient, reason);
        return true;
    }

    /**
     * "End bounced new password": the contact's history records the bounce and its reason; the bounced password
     * ends if it still waits to be used (temporary, set by this change, which is the contact's newest), as the
     * returned original in the report may have carried it. True when it did: the contact still needs a password.
     */
    @Transactional
    public boolean bounced(String id, String reason) {
        PasswordChange change = get(id);
        boolean newest = changes.findNewestForContact(change.contactId())
                .map(latest -> latest.id().equals(id)).orElse(false);
        boolean ended = newest && passwords.endUnusedTemporary(change.contactId(), change.createdAt());
        history.record(change.contactId(), ContactHistory.Type.NEW_PASSWORD_BOUNCED, "system", reason);
        return ended;
    }
}
