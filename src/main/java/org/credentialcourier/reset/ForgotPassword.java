package org.credentialcourier.reset;

import org.credentialcourier.contact.AccountStatus;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.contact.ContactRepository;
import org.credentialcourier.contact.ContactRules;
import org.credentialcourier.invitation.InvitationRepository;
import org.credentialcourier.invitation.InvitationService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.task.TaskExecutor;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.stereotype.Service;

/**
 * Self-service "forgot password". The answer never depends on the address: the work happens after the answer, on a
 * background thread, so a known, an unknown and a malformed address take the same time to answer. A contact with an
 * account gets a reset link; one whose invitation is still open gets the invitation again; anyone else nothing.
 */
@Service
public class ForgotPassword {

    public static final String ACTOR = "self-service";
    private static final Logger log = LoggerFactory.getLogger(ForgotPassword.class);

    private final TaskExecutor executor;
    private final ContactRepository contacts;
    private final InvitationRepository invitations;
    private final InvitationService invitationService;
    private final PasswordResetService resets;

    public ForgotPassword(TaskExecutor executor, ContactRepository contacts, InvitationRepository invitations,
                          InvitationService invitationService, PasswordResetService resets) {
        this.executor = executor;
        this.contacts = contacts;
        this.invitations = invitations;
        this.invitationService = invitationService;
        this.resets = resets;
    }

    /** Queues the request; returns at once, whatever the address. */
    public void request(String email) {
        try {
            executor.execute(() -> handle(email));
        } catch (TaskRejectedException busy) {
            log.warn("Forgot-password request dropped: the background queue is full");
        }
    }

    void handle(String email) {
        if (email == null || !ContactRules.isValidEmail(email.strip())) {
            return;
        }
        try {
            // looked up by ContactRules.emailKey, as ResetRequestLimits counts it
            Contact contact = contacts.findByEmail(email).orElse(null);
            if (contact == null) {
                return;
            }
            if (contact.accountStatus() == AccountStatus.ACTIVE) {
                resets.request(contact.id(), ACTOR, false);
            } else if (contact.accountStatus() == AccountStatus.INVITED) {
                invitations.findOpenForContact(contact.id())
                        .ifPresent(open -> invitationService.resend(open.id(), ACTOR));
            }
        } catch (RuntimeException e) {
            log.warn("Forgot-password request for contact could not be handled: {}", e.getClass().getSimpleName());
        }
    }
}
