package org.credentialcourier.member;

import java.util.ArrayList;
import java.util.List;

import org.credentialcourier.contact.Contact;
import org.credentialcourier.contact.ContactService;
import org.credentialcourier.credential.AccountPasswords;
import org.credentialcourier.credential.PasswordPolicy;
import org.credentialcourier.credential.PasswordPolicy.Violation;
import org.credentialcourier.credential.SingleUseTokens;
import org.credentialcourier.credential.TokenCheck;
import org.credentialcourier.credential.TokenCheck.TokenState;
import org.springframework.transaction.annotation.Transactional;

/**
 * A link in an email that lets the contact choose a password (activation, reset). Inspecting a link consumes nothing;
 * submitting a password checks the policy, consumes the token, stores the hash and tells the process, in one
 * transaction: all or nothing.
 */
public abstract class PasswordLinkFlow {

    /** Why a link cannot be used, as the member is told. */
    public enum LinkProblem {
        UNKNOWN, USED, EXPIRED, CANCELLED, REPLACED,
        /** The account's password was set after the link was sent (by the member, an admin or another link). */
        PASSWORD_CHANGED
    }

    /** A link as the member sees it: valid (with whose it is) or its problem. */
    public record Link(Contact contact, LinkProblem problem) {

        public boolean valid() {
            return problem == null;
        }
    }

    /** The outcome of a submission: the password set, the policy's broken rules, or the link's problem. */
    public record Outcome(Contact contact, List<Violation> violations, LinkProblem problem, String portal) {

        Outcome(Contact contact, List<Violation> violations, LinkProblem problem) {
            this(contact, violations, problem, null);
        }

        public boolean succeeded() {
            return problem == null && violations.isEmpty();
        }
    }

    private final SingleUseTokens tokens;
    private final ContactService contacts;
    private final PasswordPolicy policy;
    private final AccountPasswords passwords;

    protected PasswordLinkFlow(SingleUseTokens tokens, ContactService contacts, PasswordPolicy policy,
                               AccountPasswords passwords) {
        this.tokens = tokens;
        this.contacts = contacts;
        this.policy = policy;
        this.passwords = passwords;
    }

    /** What the link is worth; the opening of a known link is noted for the delivery funnel (nothing consumed). */
    @Transactional
    public Link inspect(String token) {
        TokenCheck check = tokens.check(token);
        if (check.state() != TokenState.UNKNOWN) {
            tokens.opened(token);
        }
        if (!check.valid()) {
            return new Link(null, problemOf(check));
        }
        return new Link(contacts.get(check.contactId()), null);
    }

    @Transactional
    public Outcome submit(String token, String password, String confirmation) {
        TokenCheck check = tokens.check(token);
        if (!check.valid()) {
            return new Outcome(null, List.of(), problemOf(check));
        }
        Contact contact = contacts.get(check.contactId());
        List<Violation> violations = new ArrayList<>(policy.check(password,
                new PasswordPolicy.Owner(contact.email(), contact.firstName(), contact.lastName())));
        if (password != null && !password.equals(confirmation)) {
            violations.add(new Violation("password.mismatch", 0));
        }
        if (!violations.isEmpty()) {
            return new Outcome(contact, violations, null);
        }
        if (!tokens.consume(token)) {
            // redeemed or revoked a moment ago by someone else
            return new Outcome(null, List.of(), problemOf(tokens.check(token)));
        }
        passwords.setChosenPassword(contact.id(), password);
        passwordSet(check, contact);
        return new Outcome(contacts.get(contact.id()), List.of(), null, portalOf(check));
    }

    /** The client id of the portal the link's owner names (where the member goes next), or null. */
    protected String portalOf(TokenCheck check) {
        return null;
    }

    /** What the owner of a link that is revoked or expired says of it. */
    protected abstract LinkProblem problem(TokenCheck check);

    /** The password was stored: tell the owner's process. */
    protected abstract void passwordSet(TokenCheck check, Contact contact);

    private LinkProblem problemOf(TokenCheck check) {
        if (check.state() == TokenState.UNKNOWN) {
            return LinkProblem.UNKNOWN;
        }
        if (check.state() == TokenState.USED) {
            return LinkProblem.USED;
        }
        return problem(check);
    }
}
