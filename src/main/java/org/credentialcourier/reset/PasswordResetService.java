package org.credentialcourier.reset;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.credentialcourier.contact.AccountStatus;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.contact.ContactHistory;
import org.credentialcourier.contact.ContactService;
import org.credentialcourier.credential.ResetTokens;
import org.credentialcourier.reset.PasswordReset.Status;
import org.credentialcourier.system.CourierProperties;
import org.credentialcourier.system.web.ConflictException;
import org.credentialcourier.system.web.ResourceNotFoundException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Password reset requests, kept in step with process {@code password-reset} through {@link PasswordResetProcessClient}.
 * Every request starts its process, whose first task records it ({@link #register}): one start path, whether the
 * request comes from the REST API, the console, the forgot-password page or Tasklist's start form.
 */
@Service
public class PasswordResetService {

    private final PasswordResetRepository resets;
    private final ContactService contacts;
    private final ContactHistory history;
    private final ResetTokens tokens;
    private final PasswordResetProcessClient process;
    private final CourierProperties properties;
    private final Clock clock;

    public PasswordResetService(PasswordResetRepository resets, ContactService contacts, ContactHistory history,
                                ResetTokens tokens, PasswordResetProcessClient process, CourierProperties properties,
                                Clock clock) {
        this.resets = resets;
        this.contacts = contacts;
        this.history = history;
        this.tokens = tokens;
        this.process = process;
        this.properties = properties;
        this.clock = clock;
    }

    /** Starts a reset request's process, which records the request ({@link #register}), in one transaction. */
    @Transactional
    public PasswordReset request(String contactId, String actor, boolean byAdmin) {
        Contact contact = contacts.get(contactId);
        return get(process.start(contact.id(), contact.email(), actor, byAdmin));
    }

    /**
     * A new request for the contact, valid {@code courier.reset-link.validity} (or {@code admin-validity} when an admin
     * sent it). Every older pending request of the contact ends as superseded and its links stop working. Called by
     * the process's first task ("Register reset request").
     */
    @Transactional
    public PasswordReset register(String contactId, String actor, boolean byAdmin) {
        resets.lockContact(contactId);
        Contact contact = contacts.get(contactId);
        if (contact.accountStatus() != AccountStatus.ACTIVE) {
            throw new ConflictException(contact.accountStatus() == AccountStatus.INVITED
                    ? "The contact has no account yet: resend the invitation instead"
                    : contact.accountStatus() == AccountStatus.DISABLED
                    ? "The contact's account is disabled: enable it first"
                    : "The contact has no account: invite them first",
                    "contactId", Map.of("accountStatus", contact.accountStatus().code()));
        }
        Instant now = clock.instant();
        // concurrent requests run one after the other (the lock above): each supersedes the one before it. The rows
        // first, the processes after the insert, so that a refused insert has touched no process
        List<PasswordReset> superseded = resets.pendingForContact(contact.id()).stream()
                .filter(older -> resets.end(older.id(), Status.SUPERSEDED, now)).toList();
        var validity = byAdmin ? properties.resetLink().adminValidity() : properties.resetLink().validity();
        PasswordReset reset = new PasswordReset(UUID.randomUUID().toString(), contact.id(), Status.PENDING, actor, now,
                now.plus(validity), null);
        if (!resets.insert(reset)) {
            throw new ConflictException("A reset link for the contact is being sent right now: try again later",
                    "contactId", Map.of());
        }
        for (PasswordReset older : superseded) {
            tokens.revokeAll(older.id());
            process.superseded(older.id());
        }
        history.record(contact.id(), ContactHistory.Type.RESET_LINK_REQUESTED, actor,
                byAdmin ? "sent by an admin" : "asked for by the contact");
        return reset;
    }

    @Transactional(readOnly = true)
    public PasswordReset get(String id) {
        return resets.findById(id).orElseThrow(() -> new ResourceNotFoundException("password reset", id));
    }

    /** The contact set a new password through the link: every reset link of the contact stops working. */
    @Transactional
    public void completed(String id, String contactId) {
        resets.end(id, Status.COMPLETED, clock.instant());
        tokens.revokeAllOfContact(contactId);
        history.record(contactId, ContactHistory.Type.PASSWORD_RESET, "contact", null);
        process.completed(id);
    }

    /**
     * The contact's credentials ended at {@code at} by other means than a reset link (an admin set a new password, the
     * address changed, the account was disabled): the links of every request still pending from before died with them
     * ({@code AccountPasswords.endOpenLinks}), so each request ends now as superseded instead of showing "pending"
     * until it expires. A request made after {@code at} stays. In a transaction of its own, after the one that ended
     * the credentials committed, so that a reset completed by its own link has ended as completed first.
     */
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.REQUIRES_NEW)
    public void credentialsEnded(String contactId, Instant at) {
        resets.lockContact(contactId);
        for (PasswordReset pending : resets.pendingForContact(contactId)) {
            if (pending.createdAt().isBefore(at) && resets.end(pending.id(), Status.SUPERSEDED, clock.instant())) {
                tokens.revokeAll(pending.id());
                process.superseded(pending.id());
            }
        }
    }

    /**
     * The reset email bounced for good after its server had accepted it: the process ends the link and asks an admin,
     * if the request still waits and the bounce is about the contact's current address. True when the process took it.
     */
    @Transactional
    public boolean bounceReported(String id, String recipient, String reason) {
        PasswordReset reset = get(id);
        String current = contacts.get(reset.contactId()).email();
        if (reset.status() != Status.PENDING || recipient == null || !recipient.equalsIgnoreCase(current)) {
            return false;
        }
        return process.bounced(id, recipient, reason);
    }

    /** "End bounced reset link": the request's links end; the contact's history records the bounce and its reason. */
    @Transactional
    public void bounced(String id, String reason) {
        PasswordReset reset = get(id);
        tokens.revokeAll(id);
        history.record(reset.contactId(), ContactHistory.Type.RESET_LINK_BOUNCED, "system", reason);
    }

    /** "Expire reset link". */
    @Transactional
    public void expire(String id, String actor) {
        PasswordReset reset = get(id);
        resets.end(id, Status.EXPIRED, clock.instant());
        tokens.revokeAll(id);
        history.record(reset.contactId(), ContactHistory.Type.RESET_LINK_EXPIRED, actor, null);
    }

    /** "Close reset request": the delivery was cancelled by an admin. */
    @Transactional
    public void close(String id, String actor) {
        resets.end(id, Status.CANCELLED, clock.instant());
        tokens.revokeAll(id);
    }
}
