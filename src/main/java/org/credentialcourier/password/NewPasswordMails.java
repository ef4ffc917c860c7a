package org.credentialcourier.password;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import org.credentialcourier.contact.Contact;
import org.credentialcourier.contact.ContactHistory;
import org.credentialcourier.contact.ContactService;
import org.credentialcourier.credential.AccountPasswords;
import org.credentialcourier.credential.PasswordPolicy;
import org.credentialcourier.delivery.DeliverableMail;
import org.credentialcourier.delivery.PreparedMail;
import org.credentialcourier.mail.ComposedMail;
import org.credentialcourier.mail.LinkMails;
import org.credentialcourier.mail.MailLogEntry.Channel;
import org.credentialcourier.system.CourierProperties;
import org.credentialcourier.system.web.PublicLinks;
import org.springframework.stereotype.Component;

/**
 * The email (or hand-over) carrying a generated password. Each attempt generates a fresh one; only when the message
 * has left (or been revealed) does its hash replace the contact's password, so the newest delivered one is the only
 * one that works, and a failed attempt leaves nothing behind.
 */
@Component
public class NewPasswordMails implements DeliverableMail {

    private final PasswordChangeService changes;
    private final ContactService contacts;
    private final ContactHistory history;
    private final PasswordPolicy policy;
    private final AccountPasswords passwords;
    private final LinkMails linkMails;
    private final CourierProperties properties;
    private final Clock clock;

    public NewPasswordMails(PasswordChangeService changes, ContactService contacts, ContactHistory history,
                            PasswordPolicy policy, AccountPasswords passwords, LinkMails linkMails,
                            CourierProperties properties, Clock clock) {
        this.clock = clock;
        this.changes = changes;
        this.contacts = contacts;
        this.history = history;
        this.policy = policy;
        this.passwords = passwords;
        this.linkMails = linkMails;
        this.properties = properties;
    }

    @Override
    public Set<String> templates() {
        return Set.of(PasswordChangeProcess.NEW_PASSWORD_TEMPLATE);
    }

    @Override
    public String recipientContactId(String changeId) {
        return changes.get(changeId).contactId();
    }

    @Override
    public PreparedMail prepare(String template, String changeId) {
        Contact contact = contacts.get(recipientContactId(changeId));
        String password = policy.generate(
                new PasswordPolicy.Owner(contact.email(), contact.firstName(), contact.lastName()));
        Instant validUntil = clock.instant().plus(properties.password().temporaryValidity());
        ComposedMail mail = linkMails.compose(template, DeliverableMail.recipientOf(contact),
                Map.of("password", password, "validUntil", validUntil,
                        "signInLink", properties.publicLink(PublicLinks.SIGN_IN)),
                Map.of("X-Courier-Password-Change-Id", changeId));
        return new PreparedMail(changeId, contact.id(), null, mail.withSecret(password), 0);
    }

    @Override
    public void delivered(PreparedMail mail, Channel channel, String actor) {
        passwords.setTemporaryPassword(mail.contactId(), mail.content().secret());
        history.record(mail.contactId(), channel == Channel.MANUAL ? ContactHistory.Type.PASSWORD_REVEALED
                : ContactHistory.Type.PASSWORD_EMAILED, actor, null);
    }

    @Override
    public void bounced(String template, String changeId, String recipient, String reason) {
        changes.bounceReported(changeId, recipient, reason);
    }
}
