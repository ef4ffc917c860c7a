package org.credentialcourier.member;

import java.util.ArrayList;
import java.util.List;

import org.camunda.bpm.engine.RuntimeService;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.contact.ContactService;
import org.credentialcourier.credential.AccountPasswords;
import org.credentialcourier.credential.ActivationTokens;
import org.credentialcourier.credential.PasswordPolicy;
import org.credentialcourier.credential.PasswordPolicy.Violation;
import org.credentialcourier.credential.TokenCheck;
import org.credentialcourier.credential.TokenCheck.TokenState;
import org.credentialcourier.invitation.Invitation;
import org.credentialcourier.invitation.InvitationProcess;
import org.credentialcourier.invitation.InvitationService;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The member's side of an invitation: what a link is worth, and accepting it with a chosen password. Acceptance
 * consumes the token, stores the password's hash and tells the process, in one transaction: all or nothing.
 */
@Service
public class Activation {

    private final ActivationTokens tokens;
    private final ContactService contacts;
    private final InvitationService invitations;
    private final PasswordPolicy policy;
    private final AccountPasswords passwords;
    private final RuntimeService runtime;

    public Activation(ActivationTokens tokens, ContactService contacts, InvitationService invitations,
                      PasswordPolicy policy, AccountPasswords passwords, RuntimeService runtime) {
        this.tokens = tokens;
        this.contacts = contacts;
        this.invitations = invitations;
        this.policy = policy;
        this.passwords = passwords;
        this.runtime = runtime;
    }

    /** Why a link cannot be used, as the member is told. */
    public enum LinkProblem {
        UNKNOWN, USED, EXPIRED, CANCELLED, REPLACED
    }

    /** A link as the member sees it: valid (with whose it is) or its problem. */
    public record Link(Contact contact, LinkProblem problem) {

        public boolean valid() {
            return problem == null;
        }
    }

    /** The outcome of an acceptance: activated, the password's broken rules, or the link's problem. */
    public record Outcome(Contact contact, List<Violation> violations, LinkProblem problem) {

        public boolean activated() {
            return problem == null && violations.isEmpty();
        }
    }

    @Transactional(readOnly = true)
    public Link inspect(String token) {
        TokenCheck check = tokens.check(token);
        if (!check.valid()) {
            return new Link(null, problem(check));
        }
        return new Link(contacts.get(check.contactId()), null);
    }

    @Transactional
    public Outcome accept(String token, String password, String confirmation) {
        TokenCheck check = tokens.check(token);
        if (!check.valid()) {
            return new Outcome(null, List.of(), problem(check));
        }
        Contact contact = contacts.get(check.contactId());
        List<Violation> violations = new ArrayList<>(policy.check(password, contact));
        if (password != null && !password.equals(confirmation)) {
            violations.add(new Violation("password.mismatch", 0));
        }
        if (!violations.isEmpty()) {
            return new Outcome(contact, violations, null);
        }
        if (!tokens.consume(token)) {
            // redeemed or revoked a moment ago by someone else
            return new Outcome(null, List.of(), problem(tokens.check(token)));
        }
        passwords.setChosenPassword(contact.id(), password);
        runtime.createMessageCorrelation(InvitationProcess.Messages.ACCEPTED)
                .processInstanceBusinessKey(check.invitationId())
                .correlateWithResult();
        return new Outcome(contacts.get(contact.id()), List.of(), null);
    }

    private LinkProblem problem(TokenCheck check) {
        if (check.state() == TokenState.UNKNOWN) {
            return LinkProblem.UNKNOWN;
        }
        if (check.state() == TokenState.USED) {
            return LinkProblem.USED;
        }
        Invitation invitation = invitations.get(check.invitationId());
        return switch (invitation.status()) {
            case CANCELLED -> LinkProblem.CANCELLED;
            case EXPIRED -> LinkProblem.EXPIRED;
            case ACTIVE -> LinkProblem.USED;
            case PENDING, FAILED -> check.state() == TokenState.EXPIRED ? LinkProblem.EXPIRED : LinkProblem.REPLACED;
        };
    }
}
