package org.credentialcourier.password;

import java.net.URI;
import java.time.Instant;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.credentialcourier.password.PasswordChangeProcess.Delivery;
import org.credentialcourier.system.CurrentActor;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/contacts/{id}/password}: an admin changes a contact's password. */
@RestController
public class PasswordController {

    private final AdminPasswordChange passwordChange;
    private final CurrentActor actor;

    public PasswordController(AdminPasswordChange passwordChange, CurrentActor actor) {
        this.passwordChange = passwordChange;
        this.actor = actor;
    }

    public record NewPassword(@NotNull @Pattern(regexp = "email|manual|manual-no-notice",
            message = "must be " + Delivery.CODES)
                              String delivery) {
    }

    /** The change; for {@code manual} and {@code manual-no-notice} with the new password, in this response only. */
    public record ChangeView(String id, String contactId, String delivery, String status, Instant createdAt,
                             String password) {
    }

    /**
     * {@code email}: the new password goes out through the delivery process (retries, admin escalation).
     * {@code manual}: it is generated now and returned once; the history records who received it; the contact gets a
     * notice without it. {@code manual-no-notice}: the same without the notice.
     */
    @PostMapping(path = "/api/contacts/{id}/password", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<ChangeView> change(@PathVariable String id, @Valid @RequestBody NewPassword request) {
        Delivery delivery = Delivery.of(request.delivery());
        AdminPasswordChange.Result result = passwordChange.change(id, delivery, actor.name());
        PasswordChange change = result.change();
        return ResponseEntity.created(URI.create("/api/contacts/" + id))
                .cacheControl(CacheControl.noStore())
                .body(new ChangeView(change.id(), change.contactId(), delivery.code(), change.status().code(),
                        change.createdAt(), result.password()));
    }
}
