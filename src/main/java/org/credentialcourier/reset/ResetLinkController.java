package org.credentialcourier.reset;

import java.time.Instant;
import java.util.Map;

import org.credentialcourier.contact.Contact;
import org.credentialcourier.contact.ContactService;
import org.credentialcourier.delivery.PreSendChecks;
import org.credentialcourier.system.CurrentActor;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/contacts/{id}/password-reset-link}: an admin sends a contact a reset link. */
@RestController
public class ResetLinkController {

    private final PasswordResetService resets;
    private final ContactService contacts;
    private final ResetRequestLimits limits;
    private final CurrentActor actor;
    private final PreSendChecks preSend;

    public ResetLinkController(PasswordResetService resets, ContactService contacts, ResetRequestLimits limits,
                               CurrentActor actor, PreSendChecks preSend) {
        this.resets = resets;
        this.preSend = preSend;
        this.contacts = contacts;
        this.limits = limits;
        this.actor = actor;
    }

    /** The optional body: {@code {"acceptWarnings": true}} sends even so when the pre-send checks warn. */
    public record Confirmation(Boolean acceptWarnings) {
    }

    public record ResetView(String id, String contactId, String status, Instant createdAt, Instant expiresAt) {
    }

    /**
     * 202: the link is on its way (valid {@code courier.reset-link.admin-validity}); 429 past the admin's own limit for
     * this contact ({@code courier.requests.admin-reset-links}), which anonymous forgot-password requests never use up.
     */
    @PostMapping("/api/contacts/{id}/password-reset-link")
    public ResponseEntity<?> send(@PathVariable String id, @RequestBody(required = false) Confirmation confirmation) {
        Contact contact = contacts.get(id);
        // the pre-send checks before the limit is used up: a refusal (400 naming email, 422 with warnings) writes nothing
        preSend.require(contact.email(), "email",
                confirmation != null && Boolean.TRUE.equals(confirmation.acceptWarnings()));
        var decision = limits.perAdmin(actor.name(), contact.id());
        if (!decision.allowed()) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
                    "Too many reset links for this contact: try again later");
            problem.setTitle("Too many requests");
            problem.setProperties(Map.of("field", "id", "retryAfterSeconds", decision.retryAfterSeconds()));
            return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                    .header("Retry-After", Long.toString(decision.retryAfterSeconds()))
                    .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                    .body(problem);
        }
        PasswordReset reset = resets.request(id, actor.name(), true);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new ResetView(reset.id(), reset.contactId(),
                reset.status().code(), reset.createdAt(), reset.expiresAt()));
    }
}
