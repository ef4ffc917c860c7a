package org.credentialcourier.member;

import org.credentialcourier.contact.Contact;
import org.credentialcourier.contact.ContactService;
import org.credentialcourier.credential.AccountPasswords;
import org.credentialcourier.credential.PasswordPolicy;
import org.credentialcourier.credential.ResetTokens;
import org.credentialcourier.credential.TokenCheck;
import org.credentialcourier.credential.TokenCheck.TokenState;
import org.credentialcourier.invitation.InvitationService;
import org.credentialcourier.reset.PasswordReset;
import org.credentialcourier.reset.PasswordResetService;
import org.springframework.stereotype.Service;

/** The link of a password reset: the new password completes the reset and every other reset link stops working. */
@Service
public class ResetLink extends PasswordLinkFlow {

    private final PasswordResetService resets;

    private final AccountPasswords passwords;
    private final InvitationService invitations;

    public ResetLink(ResetTokens tokens, ContactService contacts, PasswordPolicy policy, AccountPasswords passwords,
                     PasswordResetService resets, InvitationService invitations) {
        super(tokens, contacts, policy, passwords);
        this.invitations = invitations;
        this.resets = resets;
        this.passwords = passwords;
    }

    @Override
    protected LinkProblem problem(TokenCheck check) {
        PasswordReset reset = resets.get(check.ownerId());
        return switch (reset.status()) {
            case CANCELLED -> LinkProblem.CANCELLED;
            case EXPIRED -> LinkProblem.EXPIRED;
            case COMPLETED -> LinkProblem.USED;
            // a newer request, or a password set since (AccountPasswords; the request then ends as superseded)
            case SUPERSEDED -> passwordSetSince(check, reset) ? LinkProblem.PASSWORD_CHANGED : LinkProblem.REPLACED;
            // revoked while pending: a newer link of the same request, or a password set since
            case PENDING -> check.state() == TokenState.EXPIRED ? LinkProblem.EXPIRED
                    : passwordSetSince(check, reset) ? LinkProblem.PASSWORD_CHANGED : LinkProblem.REPLACED;
        };
    }

    private boolean passwordSetSince(TokenCheck check, PasswordReset reset) {
        return passwords.changedAt(check.contactId()).filter(at -> at.isAfter(reset.createdAt())).isPresent();
    }

    /** A reset ends where the member's invitation led: the portal it named, if it named one. */
    @Override
    protected String portalOf(TokenCheck check) {
        return invitations.portalOfContact(check.contactId()).orElse(null);
    }

    @Override
    protected void passwordSet(TokenCheck check, Contact contact) {
        resets.completed(check.ownerId(), contact.id());
    }
}
