package org.credentialcourier.member;

import org.credentialcourier.contact.Contact;
import org.credentialcourier.contact.ContactService;
import org.credentialcourier.credential.AccountPasswords;
import org.credentialcourier.credential.ActivationTokens;
import org.credentialcourier.credential.PasswordPolicy;
import org.credentialcourier.credential.TokenCheck;
import org.credentialcourier.credential.TokenCheck.TokenState;
import org.credentialcourier.invitation.InvitationService;
import org.springframework.stereotype.Service;

/** The activation link of an invitation: the contact's first password accepts the invitation. */
@Service
public class Activation extends PasswordLinkFlow {

    private final InvitationService invitations;

    public Activation(ActivationTokens tokens, ContactService contacts, PasswordPolicy policy,
                      AccountPasswords passwords, InvitationService invitations) {
        super(tokens, contacts, policy, passwords);
        this.invitations = invitations;
    }

    @Override
    protected LinkProblem problem(TokenCheck check) {
        return switch (invitations.get(check.ownerId()).status()) {
            case CANCELLED -> LinkProblem.CANCELLED;
            case EXPIRED -> LinkProblem.EXPIRED;
            case ACTIVE -> LinkProblem.USED;
            case PENDING, FAILED, BOUNCED -> check.state() == TokenState.EXPIRED ? LinkProblem.EXPIRED : LinkProblem.REPLACED;
        };
    }

    /** The portal the invitation names: activation ends on its start page. */
    @Override
    protected String portalOf(TokenCheck check) {
        return invitations.portalOf(check.ownerId()).orElse(null);
    }

    @Override
    protected void passwordSet(TokenCheck check, Contact contact) {
        invitations.accept(check.ownerId());
    }
}
