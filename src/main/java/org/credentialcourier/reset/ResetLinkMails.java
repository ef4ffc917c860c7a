package org.credentialcourier.reset;

import java.util.Map;
import java.util.Set;

import org.credentialcourier.contact.Contact;
import org.credentialcourier.contact.ContactService;
import org.credentialcourier.credential.ResetTokens;
import org.credentialcourier.credential.SingleUseTokens.MintedToken;
import org.credentialcourier.delivery.DeliverableMail;
import org.credentialcourier.delivery.PreparedMail;
import org.credentialcourier.mail.ComposedMail;
import org.credentialcourier.mail.LinkMails;
import org.credentialcourier.mail.MailLogEntry.Channel;
import org.credentialcourier.system.web.PublicLinks;
import org.springframework.stereotype.Component;

/**
 * The reset link email: each attempt mints a fresh link; the delivered one is the only valid link of its request. A link
 * an admin sent says so ({@code byAdmin}) instead of "if you did not ask for this", which would alarm its reader.
 */
@Component
public class ResetLinkMails implements DeliverableMail {

    private final PasswordResetService resets;
    private final ContactService contacts;
    private final ResetTokens tokens;
    private final LinkMails linkMails;

    public ResetLinkMails(PasswordResetService resets, ContactService contacts, ResetTokens tokens,
                          LinkMails linkMails) {
        this.resets = resets;
        this.contacts = contacts;
        this.tokens = tokens;
        this.linkMails = linkMails;
    }

    @Override
    public Set<String> templates() {
        return Set.of(PasswordResetProcess.RESET_TEMPLATE);
    }

    @Override
    public String recipientContactId(String resetId) {
        return resets.get(resetId).contactId();
    }

    @Override
    public PreparedMail prepare(String template, String resetId) {
        PasswordReset reset = resets.get(resetId);
        Contact contact = contacts.get(reset.contactId());
        MintedToken token = tokens.mint(reset.id(), contact.id(), reset.expiresAt());
        ComposedMail mail = linkMails.composeWithToken(template, DeliverableMail.recipientOf(contact),
                PublicLinks.RESET_PASSWORD, token.plaintext(), reset.expiresAt(), Map.of("byAdmin", reset.sentByAdmin()),
                Map.of("X-Courier-Reset-Id", reset.id()));
        return new PreparedMail(reset.id(), contact.id(), null, mail, token.id());
    }

    @Override
    public void delivered(PreparedMail mail, Channel channel, String actor) {
        tokens.revokeAllExcept(mail.subjectId(), mail.credentialId());
    }

    @Override
    public void bounced(String template, String resetId, String recipient, String reason) {
        resets.bounceReported(resetId, recipient, reason);
    }

    @Override
    public void notDelivered(PreparedMail mail, String reason) {
        tokens.discard(mail.credentialId());
    }
}
