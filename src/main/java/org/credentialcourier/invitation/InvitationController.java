package org.credentialcourier.invitation;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.credentialcourier.contact.ContactService;
import org.credentialcourier.delivery.HandOver;
import org.credentialcourier.delivery.PreSendChecks;
import org.credentialcourier.mail.ComposedMail;
import org.credentialcourier.mail.MailLog;
import org.credentialcourier.mail.MailLogEntry;
import org.credentialcourier.system.CurrentActor;
import org.credentialcourier.system.validation.NoControlCharacters;
import org.credentialcourier.system.web.ConflictException;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/invitations")
public class InvitationController {

    private final InvitationService invitations;
    private final InvitationRepository repository;
    private final MailLog mailLog;
    private final HandOver handOver;
    private final CurrentActor actor;
    private final ContactService contacts;
    private final PreSendChecks preSend;

    public InvitationController(InvitationService invitations, InvitationRepository repository, MailLog mailLog,
                                HandOver handOver, CurrentActor actor, ContactService contacts,
                                PreSendChecks preSend) {
        this.invitations = invitations;
        this.contacts = contacts;
        this.preSend = preSend;
        this.repository = repository;
        this.mailLog = mailLog;
        this.handOver = handOver;
        this.actor = actor;
    }

    /**
     * {@code portal}: the client id of the portal the credentials open (optional; docs/PORTALS.md);
     * {@code acceptWarnings}: send even so when the pre-send checks warn (a likely typo, DNS unknown).
     */
    public record NewInvitation(@NotBlank @Size(max = 36) @NoControlCharacters String contactId,
                                @Size(max = 100) @NoControlCharacters String portal,
                                Boolean acceptWarnings) {
    }

    /** The optional body of a resend: {@code {"acceptWarnings": true}} sends even so when the checks warn. */
    public record Confirmation(Boolean acceptWarnings) {

        static boolean accepted(Confirmation confirmation) {
            return confirmation != null && Boolean.TRUE.equals(confirmation.acceptWarnings());
        }
    }

    /** A line of history: an event of the invitation or an email of it, oldest first. */
    public record HistoryLine(Instant at, String event, String actor, String detail) {
    }

    public record InvitationView(String id, String contactId, String status, Instant createdAt, String createdBy,
                                 Instant expiresAt, Instant acceptedAt, Instant endedAt, List<HistoryLine> history,
                                 List<MailLogEntry> emails) {
    }

    /** What a hand-over by hand reveals, exactly once. */
    public record HandedOver(String invitationId, String recipient, String subject, String text) {
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<InvitationView> invite(@Valid @RequestBody NewInvitation request) {
        // the pre-send checks first: a refusal (400 naming email, or 422 with the warnings) writes nothing
        preSend.require(contacts.get(request.contactId()).email(), "email",
                Boolean.TRUE.equals(request.acceptWarnings()));
        Invitation invitation = invitations.invite(request.contactId(), request.portal(), actor.name());
        return ResponseEntity.created(URI.create("/api/invitations/" + invitation.id())).body(view(invitation));
    }

    @GetMapping("/{id}")
    public InvitationView get(@PathVariable String id) {
        return view(invitations.get(id));
    }

    @PostMapping("/{id}/resend")
    public ResponseEntity<InvitationView> resend(@PathVariable String id,
                                                 @RequestBody(required = false) Confirmation confirmation) {
        preSend.require(contacts.get(invitations.get(id).contactId()).email(), "email",
                Confirmation.accepted(confirmation));
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(view(invitations.resend(id, actor.name())));
    }

    @PostMapping("/{id}/cancel")
    public ResponseEntity<InvitationView> cancel(@PathVariable String id) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(view(invitations.cancel(id, actor.name())));
    }

    /**
     * Delivery by hand of a failed invitation whose admin chose it: the message with a fresh activation link, in this
     * response only; the mail log records who received it.
     */
    @PostMapping("/{id}/handover")
    public ResponseEntity<HandedOver> handOver(@PathVariable String id) {
        Invitation invitation = invitations.get(id);
        String delivery = handOver.deliveryWaitingFor(invitation.id()).orElseThrow(() -> new ConflictException(
                "The invitation is not waiting for a hand-over by hand: choose it in \"Resolve failed delivery\" first",
                "status", java.util.Map.of("status", invitation.status().code())));
        ComposedMail mail = handOver.reveal(delivery, actor.name()).orElseThrow();
        return ResponseEntity.status(HttpStatus.CREATED).cacheControl(CacheControl.noStore())
                .body(new HandedOver(id, mail.recipientEmail(), mail.subject(), mail.textBody()));
    }

    private InvitationView view(Invitation invitation) {
        List<MailLogEntry> emails = mailLog.forInvitation(invitation.id());
        List<HistoryLine> history = new ArrayList<>();
        repository.events(invitation.id()).forEach(e ->
                history.add(new HistoryLine(e.occurredAt(), e.type().code(), e.actor(), e.detail())));
        emails.forEach(m -> history.add(new HistoryLine(m.createdAt(), "email-" + m.status().code(), m.actor(),
                m.template() + " to " + m.recipient() + " (attempt " + m.attempt() + ")"
                        + (m.smtpReply() == null ? "" : ": " + m.smtpReply()))));
        history.sort(Comparator.comparing(HistoryLine::at));
        return new InvitationView(invitation.id(), invitation.contactId(), invitation.status().code(),
                invitation.createdAt(), invitation.createdBy(), invitation.expiresAt(), invitation.acceptedAt(),
                invitation.endedAt(), history, emails);
    }
}
