package org.credentialcourier.contact;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

import org.credentialcourier.invitation.InvitationRepository;
import org.credentialcourier.mail.MailLog;
import org.credentialcourier.mail.MailLogEntry;
import org.credentialcourier.system.validation.NoControlCharacters;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/contacts")
public class ContactController {

    private final ContactService contacts;
    private final InvitationRepository invitations;
    private final MailLog mailLog;
    private final ContactHistory history;

    public ContactController(ContactService contacts, InvitationRepository invitations, MailLog mailLog,
                             ContactHistory history) {
        this.contacts = contacts;
        this.invitations = invitations;
        this.mailLog = mailLog;
        this.history = history;
    }

    /** A contact as the API shows it. */
    public record ContactView(String id, String email, String firstName, String lastName, String locale,
                              AccountStatus accountStatus, Instant createdAt, Instant updatedAt) {

        static ContactView of(Contact c) {
            return new ContactView(c.id(), c.email(), c.firstName(), c.lastName(), c.locale(), c.accountStatus(),
                    c.createdAt(), c.updatedAt());
        }
    }

    public record InvitationSummary(String id, String status, Instant createdAt, Instant expiresAt) {
    }

    public record ContactDetails(ContactView contact, List<InvitationSummary> invitations, List<MailLogEntry> mailLog,
                                 List<ContactHistory.Entry> history) {
    }

    public record ContactPage(List<ContactView> items, int page, int size, long total) {
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<ContactView> create(@Valid @RequestBody NewContact request) {
        Contact contact = contacts.create(request);
        return ResponseEntity.created(URI.create("/api/contacts/" + contact.id())).body(ContactView.of(contact));
    }

    @GetMapping("/{id}")
    public ContactDetails get(@PathVariable String id) {
        Contact contact = contacts.get(id);
        List<InvitationSummary> summaries = invitations.forContact(id).stream()
                .map(i -> new InvitationSummary(i.id(), i.status().code(), i.createdAt(), i.expiresAt()))
                .toList();
        return new ContactDetails(ContactView.of(contact), summaries, mailLog.forContact(id), history.of(id));
    }

    @GetMapping
    public ContactPage search(
            @RequestParam(required = false) @Size(max = 200) @NoControlCharacters String q,
            @RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
        List<ContactView> items = contacts.search(q, page, size).stream().map(ContactView::of).toList();
        return new ContactPage(items, page, size, contacts.count(q));
    }
}
