package org.credentialcourier.password;

import java.time.Clock;
import java.util.Map;
import java.util.Set;

import org.credentialcourier.contact.Contact;
import org.credentialcourier.contact.ContactService;
import org.credentialcourier.credential.AccountPasswords;
import org.credentialcourier.delivery.DeliverableMail;
import org.credentialcourier.delivery.PreparedMail;
import org.credentialcourier.mail.ComposedMail;
import org.credentialcourier.mail.LinkMails;
import org.credentialcourier.system.CourierProperties;
import org.credentialcourier.system.web.PublicLinks;
import org.springframework.stereotype.Component;

/**
 * The short "your password was changed" notice after any password change; it carries no secret. When the password is
 * a temporary one, only an admin can have set it, and the notice says "your administrator changed your password"
 * ({@code byAdmin}) instead of "if you did not do this", which would send its reader to reset a password they were
 * just given.
 */
@Component
public class ChangeNoticeMails implements DeliverableMail {

    private final ContactService contacts;
    private final LinkMails linkMails;
    private final CourierProperties properties;
    private final Clock clock;
    private final AccountPasswords passwords;

    public ChangeNoticeMails(ContactService contacts, LinkMails linkMails, CourierProperties properties, Clock clock,
                             AccountPasswords passwords) {
        this.contacts = contacts;
        this.passwords = passwords;
        this.linkMails = linkMails;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public Set<String> templates() {
        return Set.of(PasswordChangeProcess.CHANGE_NOTICE_TEMPLATE);
    }

    /** The subject of a notice is the contact itself. */
    @Override
    public String recipientContactId(String contactId) {
        return contactId;
    }

    @Override
    public PreparedMail prepare(String template, String contactId) {
        Contact contact = contacts.get(contactId);
        ComposedMail mail = linkMails.compose(template, DeliverableMail.recipientOf(contact),
                Map.of("changedAt", clock.instant(), "resetLink", properties.publicLink(PublicLinks.FORGOT_PASSWORD),
                        "byAdmin", passwords.isTemporary(contactId)),
                Map.of());
        return new PreparedMail(contactId, contact.id(), null, mail, 0);
    }
}
