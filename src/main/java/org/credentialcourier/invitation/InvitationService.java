package org.credentialcourier.invitation;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.credentialcourier.contact.AccountStatus;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.contact.ContactService;
import org.credentialcourier.credential.ActivationTokens;
import org.credentialcourier.invitation.InvitationEvent.Type;
import org.credentialcourier.invitation.InvitationPolicy.OpenInvitation;
import org.credentialcourier.invitation.InvitationPolicy.Refusal;
import org.credentialcourier.portal.Portals;
import org.credentialcourier.system.CourierMetrics;
import org.credentialcourier.system.CourierProperties;
import org.credentialcourier.system.CurrentActor;
import org.credentialcourier.system.web.InvalidInputException;
import org.credentialcourier.system.web.ResourceNotFoundException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The invitation lifecycle's state in the application's tables, kept in step with process {@code invitation}: the
 * callers' requests are checked against {@link InvitationPolicy} and reach the process through
 * {@link InvitationProcessClient}, and the process's tasks call back here. Knows no Camunda.
 */
@Service
public class InvitationService {

    private final InvitationRepository invitations;
    private final ContactService contacts;
    private final ActivationTokens tokens;
    private final InvitationProcessClient process;
    private final CourierProperties properties;
    private final CourierMetrics metrics;
    private final Clock clock;
    private final Portals portals;

    public InvitationService(InvitationRepository invitations, ContactService contacts, ActivationTokens tokens,
                             InvitationProcessClient process, CourierProperties properties, CourierMetrics metrics,
                             Clock clock, Portals portals) {
        this.portals = portals;
        this.metrics = metrics;
        this.invitations = invitations;
        this.contacts = contacts;
        this.tokens = tokens;
        this.process = process;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Invites the contact (REST, console, bulk run): records the invitation and starts its process, in one
     * transaction. "Register invitation" then finds the invitation recorded.
     */
    @Transactional
    public Invitation invite(String contactId, String actor) {
        return invite(contactId, null, actor);
    }

    /**
     * Invites the contact to the portal of this client id (none: the one portal with a start page): its email names
     * that portal and activation ends on its start page. An unknown portal is refused before anything is written.
     */
    @Transactional
    public Invitation invite(String contactId, String portalClientId, String actor) {
        if (portalClientId != null && portals.named(portalClientId).isEmpty()) {
            throw new InvalidInputException("portal", "is not the client id of a registered portal");
        }
        Invitation invitation = register(contacts.get(contactId), actor);
        if (portalClientId != null) {
            invitations.namePortal(invitation.id(), portalClientId);
        }
        start(invitation);
        return get(invitation.id());
    }

    /** The portal the contact was last invited to, if an invitation named one. */
    @Transactional(readOnly = true)
    public java.util.Optional<String> portalOfContact(String contactId) {
        return invitations.portalOfContact(contactId);
    }

    /** The client id of the portal the invitation names, if it names one. */
    @Transactional(readOnly = true)
    public java.util.Optional<String> portalOf(String invitationId) {
        return invitations.portalOf(invitationId);
    }

    /**
     * Tasklist's start form "Invite a contact": the process is started first, and "Register invitation" records the
     * invitation here, for the contact with the typed address, the same way {@link #invite} does. An unknown address
     * is a {@link ResourceNotFoundException}, a refusal of the policy an {@link InvitationRefusedException}.
     */
    @Transactional
    public Invitation registerForEmail(String email, String actor) {
        Contact contact = contacts.findByEmail(email)
                .orElseThrow(() -> new ResourceNotFoundException("contact", email));
        return register(contact, actor);
    }

    /**
     * The one place a new invitation is recorded, for both starts ({@link #invite}, {@link #registerForEmail}): under
     * the contact's lock, refused by {@link InvitationPolicy#invite} for a contact that has an open one (naming it) or
     * an account already.
     */
    @Transactional
    public Invitation register(Contact given, String actor) {
        invitations.lockContact(given.id());
        Contact contact = contacts.get(given.id());
        refuse(InvitationPolicy.invite(contact.accountStatus(), openFor(contact.id())));
        Instant now = clock.instant();
        Invitation invitation = new Invitation(UUID.randomUUID().toString(), contact.id(), InvitationStatus.PENDING,
                now, actor, now.plus(properties.invitation().expiry()), null, null, now);
        if (!invitations.insert(invitation)) {
            // a concurrent request opened one first: the same refusal as for a request after it
            refuse(InvitationPolicy.invite(contact.accountStatus(), openAfterARace(contact.id())));
        }
        invitations.recordEvent(invitation.id(), new InvitationEvent(Type.CREATED, actor, null, now));
        contacts.changeAccountStatus(contact.id(), AccountStatus.INVITED);
        metrics.invitation("started");
        return invitation;
    }

    @Transactional(readOnly = true)
    public Invitation get(String id) {
        return invitations.findById(id).orElseThrow(() -> new ResourceNotFoundException("invitation", id));
    }

    /**
     * Resend: while pending or failed, the running process renews the invitation and delivers it again; once expired,
     * the invitation starts over with a new process instance. Either way the old link stops working.
     */
    @Transactional
    public Invitation resend(String id, String actor) {
        Invitation invitation = get(id);
        refuse(InvitationPolicy.resend(invitation.status()));
        refuse(InvitationPolicy.accountDisabled(contacts.get(invitation.contactId()).accountStatus()));
        if (!InvitationPolicy.startsOver(invitation.status())) {
            process.resend(id, actor);
            return get(id);
        }
        invitations.lockContact(invitation.contactId());
        Contact contact = contacts.get(invitation.contactId());
        refuse(InvitationPolicy.startOver(contact.id(), contact.accountStatus(), openFor(contact.id())));
        renew(id, actor);
        start(get(id));
        return get(id);
    }

    /**
     * Cancel before acceptance: the process revokes the credentials and ends as cancelled, and the history names the
     * actor, who travels with the message.
     */
    @Transactional
    public Invitation cancel(String id, String actor) {
        refuse(InvitationPolicy.cancel(get(id).status()));
        process.cancel(id, actor);
        return get(id);
    }

    /** The contact set a first password through the invitation's activation link ({@code member.Activation}). */
    public void accept(String id) {
        process.accepted(id);
    }

    // ---- called by the process's tasks ----

    /** "Renew invitation": old links revoked, a new expiry, pending again. */
    @Transactional
    public void renew(String id, String actor) {
        Invitation invitation = get(id);
        Instant now = clock.instant();
        if (!invitations.restart(id, now.plus(properties.invitation().expiry()), now)) {
            // an expired invitation started over while a concurrent request opened another for the contact
            refuse(InvitationPolicy.startOver(invitation.contactId(),
                    contacts.get(invitation.contactId()).accountStatus(), openAfterARace(invitation.contactId())));
        }
        tokens.revokeAll(id);
        invitations.recordEvent(id, new InvitationEvent(Type.RESENT, actor, "was " + invitation.status().code(), now));
        metrics.invitation("resent");
        contacts.changeAccountStatus(invitation.contactId(), AccountStatus.INVITED);
    }

    /** "Expire invitation". */
    @Transactional
    public void expire(String id, String actor) {
        end(id, InvitationStatus.EXPIRED, Type.EXPIRED, actor, null);
    }

    /** "Cancel invitation". */
    @Transactional
    public void cancelled(String id, String actor) {
        end(id, InvitationStatus.CANCELLED, Type.CANCELLED, actor, null);
    }

    /**
     * "Cancel invitation" after an admin cancelled the delivery of the invitation email in "Resolve failed delivery".
     * The process gets here in a job of its own, where nobody is signed in: the cancellation is the admin's, whose
     * choice the history recorded as the latest resolution.
     */
    @Transactional
    public void deliveryCancelled(String id) {
        String actor = invitations.lastEvent(id, Type.DELIVERY_RESOLVED).map(InvitationEvent::actor)
                .orElse(CurrentActor.SYSTEM);
        end(id, InvitationStatus.CANCELLED, Type.CANCELLED, actor,
                "the delivery of the invitation email was cancelled");
    }

    /** "Activate account": the contact set a password through the link. */
    @Transactional
    public void accepted(String id, String actor) {
        Invitation invitation = get(id);
        Instant now = clock.instant();
        tokens.revokeAll(id);
        invitations.updateStatus(id, InvitationStatus.ACTIVE, now);
        invitations.recordEvent(id, new InvitationEvent(Type.ACCEPTED, actor, null, now));
        metrics.accepted(java.time.Duration.between(invitation.createdAt(), now));
        contacts.changeAccountStatus(invitation.contactId(), AccountStatus.ACTIVE);
    }

    @Transactional
    public void deliveryFailed(String id, String reason) {
        Invitation invitation = get(id);
        Instant now = clock.instant();
        if (invitation.status() == InvitationStatus.PENDING) {
            invitations.updateStatus(id, InvitationStatus.FAILED, now);
        }
        invitations.recordEvent(id, new InvitationEvent(Type.DELIVERY_FAILED, "system", reason, now));
    }

    /**
     * The invitation email (or its reminder) bounced for good after its server had accepted it: the process ends the
     * link and asks an admin, if the invitation still waits for acceptance and the bounce is about the contact's
     * current address (a late bounce of an address since corrected changes nothing). True when the process took it.
     */
    @Transactional
    public boolean bounceReported(String id, String recipient, String reason) {
        Invitation invitation = get(id);
        String current = contacts.get(invitation.contactId()).email();
        if (!invitation.status().open() || recipient == null || !recipient.equalsIgnoreCase(current)) {
            return false;
        }
        return process.bounced(id, recipient, reason);
    }

    /** "End bounced link": every link of the invitation ends, its status becomes bounced, with the reason. */
    @Transactional
    public void bounced(String id, String reason) {
        Invitation invitation = get(id);
        Instant now = clock.instant();
        tokens.revokeAll(id);
        if (invitation.status().open()) {
            invitations.updateStatus(id, InvitationStatus.BOUNCED, now);
        }
        invitations.recordEvent(id, new InvitationEvent(Type.BOUNCED, CurrentActor.SYSTEM, reason, now));
        metrics.invitation("bounced");
    }

    @Transactional
    public void delivered(String id) {
        InvitationStatus status = get(id).status();
        if (status == InvitationStatus.FAILED || status == InvitationStatus.BOUNCED) {
            invitations.updateStatus(id, InvitationStatus.PENDING, clock.instant());
        }
    }

    @Transactional
    public void recordEvent(String id, Type type, String actor, String detail) {
        invitations.recordEvent(id, new InvitationEvent(type, actor, detail, clock.instant()));
    }

    private void end(String id, InvitationStatus status, Type type, String actor, String detail) {
        Invitation invitation = get(id);
        Instant now = clock.instant();
        tokens.revokeAll(id);
        invitations.updateStatus(id, status, now);
        invitations.recordEvent(id, new InvitationEvent(type, actor, detail, now));
        metrics.invitation(status.code());
        contacts.changeAccountStatus(invitation.contactId(), AccountStatus.INVITED, AccountStatus.NONE);
    }

    /** Starts the process of a recorded invitation, with its contact's current address beside it. */
    private void start(Invitation invitation) {
        process.start(invitation, contacts.get(invitation.contactId()).email());
    }

    /** The contact's open invitation as the policy sees it, or null. */
    private OpenInvitation openFor(String contactId) {
        return invitations.findOpenForContact(contactId).map(OpenInvitation::of).orElse(null);
    }

    /**
     * The open invitation that the database's one-open rule just met, named if this transaction can see it already (a
     * concurrent one may not have committed it yet).
     */
    private OpenInvitation openAfterARace(String contactId) {
        return Optional.ofNullable(openFor(contactId)).orElse(OpenInvitation.UNNAMED);
    }

    private static void refuse(Optional<Refusal> refusal) {
        if (refusal.isPresent()) {
            throw refusal.get().exception();
        }
    }
}
