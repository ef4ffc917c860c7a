package org.credentialcourier.contact;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.credentialcourier.system.web.ConflictException;
import org.credentialcourier.system.web.ResourceNotFoundException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
public class ContactService {

    private final ContactRepository contacts;
    private final Clock clock;

    public ContactService(ContactRepository contacts, Clock clock) {
        this.contacts = contacts;
        this.clock = clock;
    }

    /** A correction of an address was refused: the reason is meant for the admin who typed it. */
    public static class EmailChangeRefused extends RuntimeException {
        public EmailChangeRefused(String message) {
            super(message);
        }
    }

    @Transactional
    public Contact create(NewContact request) {
        String email = request.email().strip();
        contacts.findByEmail(email).ifPresent(existing -> {
            throw duplicate(existing);
        });
        Instant now = clock.instant();
        Contact contact = new Contact(UUID.randomUUID().toString(), email, request.firstName().strip(),
                request.lastName().strip(), request.locale(), AccountStatus.NONE, now, now);
        try {
            contacts.insert(contact);
        } catch (DuplicateKeyException race) {
            throw duplicate(contacts.findByEmail(email).orElse(contact));
        }
        return contact;
    }

    @Transactional(readOnly = true)
    public Contact get(String id) {
        return contacts.findById(id).orElseThrow(() -> new ResourceNotFoundException("contact", id));
    }

    /** The contact with this address, compared as {@link ContactRules#emailKey} does. */
    @Transactional(readOnly = true)
    public Optional<Contact> findByEmail(String email) {
        return contacts.findByEmail(email);
    }

    @Transactional(readOnly = true)
    public List<Contact> search(String q, int page, int size) {
        return contacts.search(q, page * size, size);
    }

    @Transactional(readOnly = true)
    public long count(String q) {
        return contacts.count(q);
    }

    /**
     * The address an admin corrected after a failed delivery; it must be well-formed and belong to nobody else. A
     * refusal changes nothing and leaves the caller's transaction intact: the process asks the admin again.
     */
    @Transactional(noRollbackFor = EmailChangeRefused.class)
    public void correctEmail(String contactId, String email) {
        if (!ContactRules.isValidEmail(email)) {
            throw new EmailChangeRefused("The corrected address is not a well-formed email address.");
        }
        String trimmed = email.strip();
        contacts.findByEmail(trimmed).filter(other -> !other.id().equals(contactId)).ifPresent(other -> {
            throw new EmailChangeRefused("Another contact already has the address " + trimmed + ".");
        });
        contacts.updateEmail(contactId, trimmed, clock.instant());
    }

    @Transactional
    public void changeAccountStatus(String contactId, AccountStatus status) {
        contacts.updateAccountStatus(contactId, status, clock.instant());
    }

    private static ConflictException duplicate(Contact existing) {
        return new ConflictException("A contact with this email address exists already", "email",
                Map.of("contactId", existing.id()));
    }
}
