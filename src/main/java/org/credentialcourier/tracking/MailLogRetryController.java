package org.credentialcourier.tracking;

import jakarta.validation.constraints.Pattern;

import org.credentialcourier.system.CurrentActor;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/mail-log/{id}/retry}: retries a failed email of the mail log (the ids are those of
 * {@code mailLog} in {@code GET /api/contacts/{id}} and of {@code emails} in {@code GET /api/invitations/{id}}).
 * 202: the new attempt is queued for the job executor, not made yet.
 */
@RestController
@RequestMapping("/api/mail-log")
public class MailLogRetryController {

    private final MailLogRetry retries;
    private final CurrentActor actor;

    public MailLogRetryController(MailLogRetry retries, CurrentActor actor) {
        this.retries = retries;
        this.actor = actor;
    }

    /**
     * The id as the mail log writes it, decimal digits only: a {@code long} parameter would also take {@code 0x1F}
     * and {@code " 31"} for entry 31, one entry under several names.
     */
    @PostMapping("/{id}/retry")
    public ResponseEntity<MailLogRetry.Outcome> retry(
            @PathVariable @Pattern(regexp = "[0-9]{1,18}", message = "must be the id of a mail log entry") String id) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(retries.retry(Long.parseLong(id), actor.name()));
    }
}
