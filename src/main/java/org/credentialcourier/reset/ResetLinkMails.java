package org.credentialcourier.reset;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Map;
import java.util.Set;

import org.credentialcourier.contact.Contact;
import org.credentialcourier.contact.ContactService;
import org.credentialcourier.credential.ResetTokens;
import org.credentialcourier.credential.SingleUseTokens.MintedToken;
import org.credentialcourier.delivery.DeliverableMail;
import org.credentialcourier.delivery.MailDeliveryProcess.Resolution;
import org.credentialcourier.delivery.PreparedMail;
import org.credentialcourier.mail.ComposedMail;
import org.credentialcourier.mail.MailLogEntry.Channel;
import org.credentialcourier.mail.MailRenderer;
import org.credentialcourier.member.ResetPasswordController;
import org.credentialcourier.system.CourierProperties;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

/** The reset link email: each attempt mints a fresh link; the delivered one is the only valid link of its request. */
@Component
public class ResetLinkMails implements DeliverableMail {

    private final PasswordResetService resets;
    private final ContactService contacts;
    private final ResetTokens tokens;
    private final MailRenderer renderer;
    private final CourierProperties properties;

    public ResetLinkMails(PasswordResetService resets, ContactService contacts, ResetTokens tokens,
                          MailRenderer renderer, CourierProperties properties) {
        this.resets = resets;
        this.contacts = contacts;
        this.tokens = tokens;
        this.renderer = renderer;
        this.properties = properties;
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
        String link = UriComponentsBuilder.fromUriString(properties.publicLink(ResetPasswordController.PATH))
                .queryParam("token", token.plaintext()).build().toUriString();
        ComposedMail mail = renderer.render(template, contact.preferredLocale(), contact.email(), contact.displayName(),
                new Object[] {properties.organisationName()},
                Map.of("firstName", contact.firstName(), "link", link, "organisation", properties.organisationName(),
                        "expiresAt", DateTimeFormatter.ofLocalizedDateTime(FormatStyle.LONG, FormatStyle.SHORT)
                                .withLocale(contact.preferredLocale()).withZone(ZoneOffset.UTC)
                                .format(reset.expiresAt())),
                Map.of("X-Courier-Template", template, "X-Courier-Reset-Id", reset.id()));
        return new PreparedMail(reset.id(), contact.id(), null, mail.withSecret(link), token.id());
    }

    @Override
    public void delivered(PreparedMail mail, Channel channel, String actor) {
        tokens.revokeAllExcept(mail.subjectId(), mail.credentialId());
    }

    @Override
    public void notDelivered(PreparedMail mail, String reason) {
        tokens.discard(mail.credentialId());
    }

    @Override
    public void escalated(String template, String resetId, String reason) {
        // the mail log shows it; the admin decides in Tasklist
    }

    @Override
    public void resolved(String template, String resetId, Resolution resolution, String actor) {
        // recorded in the mail log and the process history
    }
}
