package org.credentialcourier.reset;

import java.util.Map;
import java.util.Set;

import org.credentialcourier.contact.Contact;
import org.credentialcourier.contact.ContactService;
import org.credentialcourier.credential.ResetTokens;
import org.credentialcourier.delivery.DeliverableMail;
import org.credentialcourier.delivery.PreparedMail;
import org.credentialcourier.mail.LinkMails;
import org.credentialcourier.mail.MailLogEntry.Channel;
import org.credentialcourier.system.web.PublicLinks;
import org.springframework.stereotype.Component;

/** The reset link email: each attempt mints a fresh link; the delivered one is the only valid link of its request. */
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
        LinkMails.Composed composed = linkMails.compose(template, contact, tokens, reset.id(), reset.expiresAt(),
                PublicLinks.RESET_PASSWORD, Map.of("X-Courier-Template", template, "X-Courier-Reset-Id", reset.id()));
        return new PreparedMail(reset.id(), contact.id(), null, composed.mail(), composed.tokenId());
    }

    @Override
    public void delivered(PreparedMail mail, Channel channel, String actor) {
        tokens.revokeAllExcept(mail.subjectId(), mail.credentialId());
    }

    @Override
    public void notDelivered(PreparedMail mail, String reason) {
        tokens.discard(mail.credentialId());
    }
}
