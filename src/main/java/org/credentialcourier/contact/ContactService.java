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
    private final ContactHistory history;
    private final Clock clock;

    public ContactService(ContactRepository contacts, ContactHistory history, Clock clock) {
        this.contacts = contacts;
        this.history = history;
        this.clock = clock;
    }

    /**
     * An admin's edit: each field null when it stays as it is. Checked by the rules every door uses
     * ({@link ContactRules}, {@link SupportedLocales}).
     */
    public record Edit(String email, String firstName, String lastName, String locale) {
    }

    /** The contact before and after an edit. */
    public record Edited(Contact before, Contact after) {

        public boolean emailChanged() {
            return !before.email().equals(after.email());
        }
    }

    /**
     * What is wrong with each field of an edit, by field name (empty when nothing is), in the sentences that the
     * console shows next to its fields and the REST API's 400 names.
     */
    public static Map<String, String> problems(Edit edit) {
        Map<String, String> problems = new java.util.LinkedHashMap<>();
        if (edit.firstName() != null && ContactRules.nameProblem(edit.firstName()) != null) {
            problems.put("firstName", "First name " + ContactRules.nameProblem(edit.firstName()) + ".");
        }
        if (edit.lastName() != null && ContactRules.nameProblem(edit.lastName()) != null) {
            problems.put("lastName", "Last name " + ContactRules.nameProblem(edit.lastName()) + ".");
        }
        if (edit.email() != null && ContactRules.emailProblem(edit.email()) != null) {
            problems.put("email", "Email " + ContactRules.emailProblem(edit.email()) + ".");
        }
        if (edit.locale() != null && !SupportedLocales.TAGS.contains(edit.locale())) {
            problems.put("locale", "Language must be one of " + String.join(", ", SupportedLocales.TAGS) + ".");
        }
        return problems;
    }

    /**
     * Changes the person's name, address or language, under the contact's lock. An address that another contact has
     * is refused (409, naming that contact); a changed address is recorded in the history, old and new, with who
     * changed it. Ending the old address's links is the caller's part (it knows the credentials).
     */
    @Transactional
    public Edited edit(String id, Edit edit, String actor) {
        Map<String, String> problems = problems(edit);
        if (!problems.isEmpty()) {
            var first = problems.entrySet().iterator().next();
            throw new org.credentialcourier.system.web.InvalidInputException(first.getKey(), first.getValue());
        }
        Contact before = contacts.lock(id).orElseThrow(() -> new ResourceNotFoundException("contact", id));
        String email = edit.email() == null ? before.email() : edit.email().strip();
        String firstName = edit.firstName() == null ? before.firstName() : edit.firstName().strip();
        String lastName = edit.lastName() == null ? before.lastName() : edit.lastName().strip();
        String locale = edit.locale() == null ? before.locale() : edit.locale();
        contacts.findByEmail(email).filter(other -> !other.id().equals(id)).ifPresent(other -> {
            throw duplicate(other);
        });
        Instant now = clock.instant();
        Contact after = new Contact(id, email, firstName, lastName, locale, before.accountStatus(), before.createdAt(),
                now);
        try {
            contacts.updateDetails(id, email, firstName, lastName, locale, now);
        } catch (DuplicateKeyException race) {
            throw duplicate(contacts.findByEmail(email).orElse(after));
        }
        Edited edited = new Edited(before, after);
        if (edited.emailChanged()) {
            history.record(id, ContactHistory.Type.EMAIL_CHANGED, actor, before.email() + " \u2192 " + email);
        }
        List<String> changed = new java.util.ArrayList<>();
        if (!firstName.equals(before.firstName())) {
            changed.add("first name");
        }
        if (!lastName.equals(before.lastName())) {
            changed.add("last name");
        }
        if (!locale.equals(before.locale())) {
            changed.add("language (" + before.locale() + " \u2192 " + locale + ")");
        }
        if (!changed.isEmpty()) {
            history.record(id, ContactHistory.Type.DETAILS_CHANGED, actor, String.join(", ", changed));
        }
        return edited;
    }

    /**
     * Disables the account (it keeps the status it had, for {@link #enable}); refused when it is disabled already.
     * What else ends with it (sessions, links, mail) is asked by the doors that check the status.
     */
    @Transactional
    public Contact disable(String id, String actor) {
        Contact contact = contacts.lock(id).orElseThrow(() -> new ResourceNotFoundException("contact", id));
        if (!contacts.disable(id, clock.instant())) {
            throw new ConflictException("The account is disabled already", "accountStatus",
                    Map.of("accountStatus", contact.accountStatus().code()));
        }
        history.record(id, ContactHistory.Type.ACCOUNT_DISABLED, actor,
                "was " + contact.accountStatus().code());
        return get(id);
    }

    /** Gives a disabled account back the status it had before; refused when it is not disabled. */
    @Transactional
    public Contact enable(String id, String actor) {
        Contact contact = contacts.lock(id).orElseThrow(() -> new ResourceNotFoundException("contact", id));
        if (!contacts.enable(id, clock.instant())) {
            throw new ConflictException("The account is not disabled", "accountStatus",
                    Map.of("accountStatus", contact.accountStatus().code()));
        }
        Contact enabled = get(id);
        history.record(id, ContactHistory.Type.ACCOUNT_ENABLED, actor, "now " + enabled.accountStatus().code());
        return enabled;
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

    /**
     * The account goes from {@code from} to {@code to}, and only from there; of a disabled account, the status that
     * enabling it restores does.
     */
    @Transactional
    public void changeAccountStatus(String contactId, AccountStatus from, AccountStatus to) {
        contacts.updateAccountStatusFrom(contactId, from, to, clock.instant());
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
