package org.credentialcourier.invitation;

import java.util.Map;
import java.util.Set;

import org.credentialcourier.contact.Contact;
import org.credentialcourier.contact.ContactService;
import org.credentialcourier.credential.ActivationTokens;
import org.credentialcourier.credential.SingleUseTokens.MintedToken;
import org.credentialcourier.delivery.DeliverableMail;
import org.credentialcourier.delivery.MailDeliveryProcess.Resolution;
import org.credentialcourier.delivery.PreparedMail;
import org.credentialcourier.invitation.InvitationEvent.Type;
import org.credentialcourier.mail.ComposedMail;
import org.credentialcourier.mail.LinkMails;
import org.credentialcourier.portal.Portals;
import org.credentialcourier.mail.MailLogEntry.Channel;
import org.credentialcourier.system.web.PublicLinks;
import org.springframework.stereotype.Component;

/**
 * The invitation email and its reminder. Each attempt mints a new activation link (only hashes are stored, so the
 * reminder cannot repeat the first link); a failed attempt leaves no link behind. A delivered invitation (the first or
 * an admin's resend) replaces every earlier link. A delivered reminder replaces none: the first email's link keeps
 * working until the invitation expires, as the reminder says. That costs no safety, since both links reach the same
 * mailbox, end at the same moment, and using either ends both (accepting revokes every link of the invitation); and the
 * person who opens the first email, the one they most likely kept, is not turned away.
 */
@Component
public class InvitationMails implements DeliverableMail {

    private final InvitationService invitations;
    private final ContactService contacts;
    private final ActivationTokens tokens;
    private final LinkMails linkMails;
    private final Portals portals;

    public InvitationMails(InvitationService invitations, ContactService contacts, ActivationTokens tokens,
                           LinkMails linkMails, Portals portals) {
        this.portals = portals;
        this.invitations = invitations;
        this.contacts = contacts;
        this.tokens = tokens;
        this.linkMails = linkMails;
    }

    @Override
    public Set<String> templates() {
        return Set.of(InvitationProcess.INVITATION_TEMPLATE, InvitationProcess.REMINDER_TEMPLATE);
    }

    @Override
    public String recipientContactId(String invitationId) {
        return invitations.get(invitationId).contactId();
    }

    @Override
    public PreparedMail prepare(String template, String invitationId) {
        Invitation invitation = invitations.get(invitationId);
        Contact contact = contacts.get(invitation.contactId());
        MintedToken token = tokens.mint(invitation.id(), contact.id(), invitation.expiresAt());
        ComposedMail mail = linkMails.composeWithToken(template, DeliverableMail.recipientOf(contact),
                PublicLinks.ACTIVATE, token.plaintext(), invitation.expiresAt(), portal(invitation.id()),
                Map.of("X-Courier-Invitation-Id", invitation.id()));
        return new PreparedMail(invitation.id(), contact.id(), invitation.id(), mail, token.id());
    }

    /**
     * The portal the credentials open, named in the email with its address ({@code portalName}, {@code portalUrl}):
     * the portal the invitation names when it has a start page, else the one portal with a start page; activation
     * leads to the same one. None when there is no such portal.
     */
    private Map<String, Object> portal(String invitationId) {
        return portals.startingPortal(invitations.portalOf(invitationId).orElse(null))
                .<Map<String, Object>>map(portal -> Map.of("portalName", portal.name(),
                        "portalUrl", portal.startPage().toString()))
                .orElse(Map.of());
    }

    @Override
    public void delivered(PreparedMail mail, Channel channel, String actor) {
        if (InvitationProcess.INVITATION_TEMPLATE.equals(mail.content().template())) {
            tokens.revokeAllExcept(mail.invitationId(), mail.credentialId());
        }
        invitations.delivered(mail.invitationId());
        if (channel == Channel.MANUAL) {
            invitations.recordEvent(mail.invitationId(), Type.HANDED_OVER, actor,
                    "activation link revealed for delivery by hand");
        }
    }

    @Override
    public void notDelivered(PreparedMail mail, String reason) {
        tokens.discard(mail.credentialId());
    }

    @Override
    public void escalated(String template, String invitationId, String reason) {
        if (InvitationProcess.INVITATION_TEMPLATE.equals(template)) {
            invitations.deliveryFailed(invitationId, reason);
        } else {
            invitations.recordEvent(invitationId, Type.DELIVERY_FAILED, "system", template + ": " + reason);
        }
    }

    @Override
    public void bounced(String template, String invitationId, String recipient, String reason) {
        invitations.bounceReported(invitationId, recipient, template + ": " + reason);
    }

    @Override
    public void resolved(String template, String invitationId, Resolution resolution, String actor) {
        invitations.recordEvent(invitationId, Type.DELIVERY_RESOLVED, actor, template + ": " + resolution.code());
    }
}
