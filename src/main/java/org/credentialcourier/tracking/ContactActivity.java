package org.credentialcourier.tracking;

import java.time.Instant;
import java.util.List;

import org.credentialcourier.contact.Contact;
import org.credentialcourier.contact.ContactHistory;
import org.credentialcourier.contact.ContactService;
import org.credentialcourier.contact.ContactView;
import org.credentialcourier.invitation.InvitationRepository;
import org.credentialcourier.mail.MailLog;
import org.credentialcourier.mail.MailLogEntry;
import org.springframework.stereotype.Component;

/**
 * A contact with what was done for it: its invitations, its mail log and its credential history. A read model over
 * three features, so it lives here and not in {@code contact}, which sits below invitations and mail and must not
 * read them (issue 14, step 6).
 */
@Component
public class ContactActivity {

    /** An invitation as the contact's details list it: no history, no secrets. */
    public record InvitationSummary(String id, String status, Instant createdAt, Instant expiresAt) {
    }

    /** {@code GET /api/contacts/{id}}: the contact, then its invitations, emails and history, oldest first. */
    public record ContactDetails(ContactView contact, List<InvitationSummary> invitations, List<MailLogEntry> mailLog,
                                 List<ContactHistory.Entry> history) {
    }

    private final ContactService contacts;
    private final InvitationRepository invitations;
    private final MailLog mailLog;
    private final ContactHistory history;

    public ContactActivity(ContactService contacts, InvitationRepository invitations, MailLog mailLog,
                           ContactHistory history) {
        this.contacts = contacts;
        this.invitations = invitations;
        this.mailLog = mailLog;
        this.history = history;
    }

    /** The contact's details; an unknown id is a {@code ResourceNotFoundException} (404), as the contact's. */
    public ContactDetails of(String contactId) {
        Contact contact = contacts.get(contactId);
        List<InvitationSummary> summaries = invitations.forContact(contactId).stream()
                .map(i -> new InvitationSummary(i.id(), i.status().code(), i.createdAt(), i.expiresAt()))
                .toList();
        return new ContactDetails(ContactView.of(contact), summaries, mailLog.forContact(contactId),
                history.of(contactId));
    }
}
