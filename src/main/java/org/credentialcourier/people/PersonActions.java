package org.credentialcourier.people;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.credentialcourier.bulk.BulkProcessClient;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.contact.ContactHistory;
import org.credentialcourier.contact.ContactRepository;
import org.credentialcourier.contact.ContactRules;
import org.credentialcourier.contact.ContactService;
import org.credentialcourier.contact.ContactService.Edit;
import org.credentialcourier.contact.ContactService.Edited;
import org.credentialcourier.delivery.Suppressions;
import org.credentialcourier.credential.AccountPasswords;
import org.credentialcourier.invitation.InvitationProcess;
import org.credentialcourier.invitation.InvitationProcessClient;
import org.credentialcourier.mail.EmbeddedMailbox;
import org.credentialcourier.password.PasswordChangeProcess;
import org.credentialcourier.password.PasswordChangeProcessClient;
import org.credentialcourier.reset.PasswordResetProcess;
import org.credentialcourier.reset.PasswordResetProcessClient;
import org.credentialcourier.system.process.ProcessErasure;
import org.credentialcourier.system.web.ResourceNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What an admin does to a person as a whole, once for every door (the REST API and the console): edit, disable,
 * enable, delete. The person's own rules live in {@link ContactService}; this adds what the other features hold about
 * them: an email change or a disabled account ends the links already sent (a link in the old mailbox must not set a
 * password), and a deletion erases the person from every table and from the engine, keeping only the history line
 * that it happened. Disabled accounts are refused where each door starts: sign-in, delivery, invitations, resets and
 * password changes ask the account's status.
 */
@Service
public class PersonActions {

    /** Why a process instance ended when its person was deleted (the engine's delete reason; no personal data). */
    public static final String DELETE_REASON = "contact deleted";

    /** The variable that names the contact in each process that is about one person (one name today, kept apart). */
    private static final Set<String> CONTACT_VARIABLES = new TreeSet<>(List.of(
            InvitationProcess.Vars.CONTACT_ID, PasswordChangeProcess.Vars.CONTACT_ID,
            PasswordResetProcess.Vars.CONTACT_ID));

    private static final Logger log = LoggerFactory.getLogger(PersonActions.class);

    private final ContactService contacts;
    private final ContactRepository repository;
    private final ContactHistory history;
    private final AccountPasswords passwords;
    private final ProcessErasure processes;
    private final ObjectProvider<EmbeddedMailbox> mailbox;
    private final JdbcClient jdbc;
    private final InvitationProcessClient invitationProcesses;
    private final PasswordChangeProcessClient passwordChanges;
    private final PasswordResetProcessClient passwordResets;
    private final BulkProcessClient bulkProcesses;
    private final Suppressions suppressions;

    public PersonActions(ContactService contacts, ContactRepository repository, ContactHistory history,
                         AccountPasswords passwords, ProcessErasure processes,
                         ObjectProvider<EmbeddedMailbox> mailbox, JdbcClient jdbc,
                         InvitationProcessClient invitationProcesses, PasswordChangeProcessClient passwordChanges,
                         PasswordResetProcessClient passwordResets, BulkProcessClient bulkProcesses,
                         Suppressions suppressions) {
        this.bulkProcesses = bulkProcesses;
        this.suppressions = suppressions;
        this.invitationProcesses = invitationProcesses;
        this.passwordChanges = passwordChanges;
        this.passwordResets = passwordResets;
        this.contacts = contacts;
        this.repository = repository;
        this.history = history;
        this.passwords = passwords;
        this.processes = processes;
        this.mailbox = mailbox;
        this.jdbc = jdbc;
    }

    /**
     * Edits the person ({@link ContactService#edit}). A changed address ends every link still open for the old one
     * (activation and reset), as a changed password does; an open invitation's next email (a reminder, a resend)
     * goes to the new address with a fresh link, since every email is composed from the contact when it leaves.
     */
    @Transactional
    public Contact edit(String id, Edit edit, String actor) {
        Edited edited = contacts.edit(id, edit, actor);
        if (edited.emailChanged()) {
            passwords.endOpenLinks(id);
            // the admin vouches for the new address: a suppression of it is lifted (the old address's stays)
            suppressions.lift(edited.after().email(), actor, "address corrected on the person's page");
        }
        return edited.after();
    }

    /**
     * Disables the account: it can no longer sign in (its open sessions end on their next request), its open links
     * stop working and no email leaves for it, until it is enabled.
     */
    @Transactional
    public Contact disable(String id, String actor) {
        Contact disabled = contacts.disable(id, actor);
        passwords.endOpenLinks(id);
        return disabled;
    }

    /** Enables the account again, with the status it had before (a link sent before stays revoked). */
    @Transactional
    public Contact enable(String id, String actor) {
        return contacts.enable(id, actor);
    }

    /**
     * Deletes the person: their processes end and leave no history in the engine; their password hash, links, mail log,
     * invitations, resets and password changes go; a bulk run's line that named them keeps its outcome without the
     * address or the id, and a list of lines pasted into Tasklist that names any of their addresses leaves the bulk
     * run's history; their bounce reports and the suppression of their addresses go; the embedded SMTP server
     * forgets their mail; their history lines lose their details and gain "contact deleted" by {@code actor}. All or
     * nothing, in one transaction under the contact's lock; a process that moved at that moment makes it a 409 to try
     * again.
     */
    @Transactional
    public void delete(String id, String actor) {
        Contact contact = repository.lock(id).orElseThrow(() -> new ResourceNotFoundException("contact", id));
        Set<String> addresses = addressesOf(contact);
        invitationProcesses.deleteAllOf(id, DELETE_REASON);
        passwordChanges.deleteAllOf(id, DELETE_REASON);
        passwordResets.deleteAllOf(id, DELETE_REASON);
        int instances = 0;
        for (String variable : CONTACT_VARIABLES) {
            instances += processes.eraseHistory(variable, id);
        }
        int pastedLists = bulkProcesses.forgetPastedLinesNaming(addresses);
        Map<String, Object> key = Map.of("id", id);
        update("DELETE FROM account_password WHERE contact_id = :id", key);
        update("DELETE FROM activation_token WHERE contact_id = :id"
                + " OR owner_id IN (SELECT i.id FROM invitation i WHERE i.contact_id = :id)", key);
        update("DELETE FROM reset_token WHERE contact_id = :id"
                + " OR owner_id IN (SELECT r.id FROM password_reset r WHERE r.contact_id = :id)", key);
        update("DELETE FROM password_reset WHERE contact_id = :id", key);
        update("DELETE FROM password_change WHERE contact_id = :id", key);
        // what became of their emails after the 250 (bounce reports name the address and point at the mail log), and
        // the suppression of their addresses: an erased person leaves no address behind, a bounced one neither
        update("DELETE FROM delivery_event WHERE mail_log_id IN (SELECT m.id FROM mail_log m WHERE m.contact_id = :id)",
                key);
        update("DELETE FROM delivery_event WHERE LOWER(recipient) IN (:addresses)", Map.of("addresses", addresses));
        update("DELETE FROM suppressed_address WHERE email_key IN (:addresses)", Map.of("addresses", addresses));
        update("DELETE FROM mail_log WHERE contact_id = :id", key);
        update("UPDATE bulk_item SET contact_id = NULL, label = NULL, detail = NULL WHERE contact_id = :id"
                + " OR invitation_id IN (SELECT i.id FROM invitation i WHERE i.contact_id = :id)", key);
        update("UPDATE bulk_item SET label = NULL, detail = NULL WHERE LOWER(label) = :email",
                Map.of("email", ContactRules.emailKey(contact.email())));
        update("DELETE FROM invitation_event"
                + " WHERE invitation_id IN (SELECT i.id FROM invitation i WHERE i.contact_id = :id)", key);
        update("DELETE FROM invitation WHERE contact_id = :id", key);
        history.eraseDetails(id);
        update("DELETE FROM contact WHERE id = :id", key);
        history.record(id, ContactHistory.Type.CONTACT_DELETED, actor, null);
        mailbox.ifAvailable(embedded -> addresses.forEach(embedded::forget));
        log.info("Contact {} deleted by {}: {} process instances and {} pasted lists erased", id, actor, instances,
                pastedLists);
    }

    /**
     * Every address the person had that the application recorded (an earlier one too, after an email change): the
     * current one, those their mail went to and those a bulk run recognised them by; in lower case.
     */
    private Set<String> addressesOf(Contact contact) {
        Set<String> addresses = new TreeSet<>();
        addresses.add(ContactRules.emailKey(contact.email()));
        jdbc.sql("SELECT recipient FROM mail_log WHERE contact_id = :id UNION SELECT label FROM bulk_item"
                        + " WHERE contact_id = :id AND label IS NOT NULL")
                .param("id", contact.id()).query(String.class).list()
                .forEach(address -> addresses.add(ContactRules.emailKey(address)));
        return addresses;
    }

    private void update(String sql, Map<String, Object> params) {
        var statement = jdbc.sql(sql);
        for (var param : params.entrySet()) {
            statement = statement.param(param.getKey(), param.getValue());
        }
        statement.update();
    }
}
