package org.credentialcourier.invitation;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.camunda.bpm.engine.RuntimeService;
import org.credentialcourier.contact.AccountStatus;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.contact.ContactService;
import org.credentialcourier.credential.ActivationTokens;
import org.credentialcourier.invitation.InvitationEvent.Type;
import org.credentialcourier.invitation.InvitationProcess.Messages;
import org.credentialcourier.invitation.InvitationProcess.Vars;
import org.credentialcourier.system.CourierMetrics;
import org.credentialcourier.system.CourierProperties;
import org.credentialcourier.system.CurrentActor;
import org.credentialcourier.system.web.ConflictException;
import org.credentialcourier.system.web.ResourceNotFoundException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The invitation lifecycle's state in the application's tables, kept in step with process {@code invitation}: the
 * REST API asks the process (start, messages), and the process's tasks call back here.
 */
@Service
public class InvitationService {

    private final InvitationRepository invitations;
    private final ContactService contacts;
    private final ActivationTokens tokens;
    private final RuntimeService runtime;
    private final CourierProperties properties;
    private final CourierMetrics metrics;
    private final Clock clock;

    public InvitationService(InvitationRepository invitations, ContactService contacts, ActivationTokens tokens,
                             RuntimeService runtime, CourierProperties properties, CourierMetrics metrics,
                             Clock clock) {
        this.metrics = metrics;
        this.invitations = invitations;
        this.contacts = contacts;
        this.tokens = tokens;
        this.runtime = runtime;
        this.properties = properties;
        this.clock = clock;
    }

    /** Invites the contact: records the invitation and starts its process, in one transaction. */
    @Transactional
    public Invitation invite(String contactId, String actor) {
        Contact contact = contacts.get(contactId);
        Invitation invitation = register(contact, actor);
        startProcess(invitation);
        return get(invitation.id());
    }

    /**
     * Records a new invitation for the contact, refusing a contact that has an open one (naming it) or an account
     * already: such a person needs a password reset, not an invitation.
     */
    @Transactional
    public Invitation register(Contact given, String actor) {
        invitations.lockContact(given.id());
        Contact contact = contacts.get(given.id());
        refuseIfOpen(contact.id());
        if (contact.accountStatus() == AccountStatus.ACTIVE) {
            throw new ConflictException("The contact has an active account already: send a password reset instead",
                    "contactId", Map.of("accountStatus", contact.accountStatus().code()));
        }
        Instant now = clock.instant();
        Invitation invitation = new Invitation(UUID.randomUUID().toString(), contact.id(), InvitationStatus.PENDING,
                now, actor, now.plus(properties.invitation().expiry()), null, null, now);
        if (!invitations.insert(invitation)) {
            // a concurrent request opened one first: the same refusal as for a request after it
            refuseIfOpen(contact.id());
            throw alreadyOpen(Map.of());
        }
        invitations.recordEvent(invitation.id(), new InvitationEvent(Type.CREATED, actor, null, now));
        contacts.changeAccountStatus(contact.id(), AccountStatus.INVITED);
        metrics.invitation("started");
        return invitation;
    }

    private void refuseIfOpen(String contactId) {
        invitations.findOpenForContact(contactId).ifPresent(open -> {
            throw alreadyOpen(Map.of("invitationId", open.id(), "status", open.status().code()));
        });
    }

    private static ConflictException alreadyOpen(Map<String, Object> open) {
        return new ConflictException("The contact has an open invitation already: resend or cancel it", "contactId",
                open);
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
        switch (invitation.status()) {
            case PENDING, FAILED -> correlate(Messages.RESEND_REQUESTED, id, Vars.RESEND_REQUESTED_BY, actor);
            case EXPIRED -> {
                invitations.lockContact(invitation.contactId());
                Contact contact = contacts.get(invitation.contactId());
                invitations.findOpenForContact(contact.id()).ifPresent(open -> {
                    throw new ConflictException("The contact has a newer open invitation", "id",
                            Map.of("invitationId", open.id(), "status", open.status().code()));
                });
                // accepted a newer invitation meanwhile: a resend would invite a member who can already sign in
                if (contact.accountStatus() == AccountStatus.ACTIVE) {
                    throw new ConflictException("The contact's account is already active", "id",
                            Map.of("contactId", contact.id(), "accountStatus", contact.accountStatus().code()));
                }
                renew(id, actor);
                startProcess(get(id));
            }
            default -> throw notAllowed(invitation, "resent");
        }
        return get(id);
    }

    /**
     * Cancel before acceptance: the process revokes the credentials and ends as cancelled, and the history names the
     * actor, who travels with the message.
     */
    @Transactional
    public Invitation cancel(String id, String actor) {
        Invitation invitation = get(id);
        if (!invitation.status().open()) {
            throw notAllowed(invitation, "cancelled");
        }
        correlate(Messages.CANCELLATION_REQUESTED, id, Vars.CANCEL_REQUESTED_BY, actor);
        return get(id);
    }

    /**
     * Brings a message to the invitation's process with who asked for it in a variable: the task it leads to records
     * the asker and removes the variable. The asker travels with the message because the thread may act for nobody.
     */
    private void correlate(String message, String id, String askerVariable, String actor) {
        runtime.createMessageCorrelation(message).processInstanceBusinessKey(id).setVariable(askerVariable, actor)
                .correlateWithResult();
    }

    // ---- called by the process's tasks ----

    /** "Renew invitation": old links revoked, a new expiry, pending again. */
    @Transactional
    public void renew(String id, String actor) {
        Invitation invitation = get(id);
        Instant now = clock.instant();
        if (!invitations.restart(id, now.plus(properties.invitation().expiry()), now)) {
            // an expired invitation started over while a concurrent request opened another for the contact
            throw new ConflictException("The contact has a newer open invitation", "id",
                    invitations.findOpenForContact(invitation.contactId())
                            .<Map<String, Object>>map(open -> Map.of("invitationId", open.id(),
                                    "status", open.status().code()))
                            .orElse(Map.of()));
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

    @Transactional
    public void delivered(String id) {
        if (get(id).status() == InvitationStatus.FAILED) {
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
        Contact contact = contacts.get(invitation.contactId());
        if (contact.accountStatus() == AccountStatus.INVITED) {
            contacts.changeAccountStatus(contact.id(), AccountStatus.NONE);
        }
    }

    /** Business key: the invitation id; the contact's email beside it, so that a person recognises the instance. */
    private void startProcess(Invitation invitation) {
        runtime.createProcessInstanceByKey(InvitationProcess.PROCESS_KEY)
                .businessKey(invitation.id())
                .setVariable(Vars.INVITATION_ID, invitation.id())
                .setVariable(Vars.CONTACT_ID, invitation.contactId())
                .setVariable(Vars.CONTACT_EMAIL, contacts.get(invitation.contactId()).email())
                .execute();
    }

    private static ConflictException notAllowed(Invitation invitation, String action) {
        return new ConflictException("An invitation that is " + invitation.status().code() + " cannot be " + action,
                "status", Map.of("status", invitation.status().code()));
    }
}
