package org.credentialcourier.provider;

import java.util.List;

import jakarta.validation.constraints.Size;

import org.credentialcourier.system.CurrentActor;
import org.credentialcourier.system.web.ConflictException;
import org.credentialcourier.system.web.ResourceNotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The token signing keys over REST: {@code GET /api/signing-keys} (the published ones, the signing one first, public
 * facts only), {@code POST} adds a key that signs from now on, {@code POST /api/signing-keys/{keyId}/retire} stops
 * publishing an older one (409 for the key that signs, 404 for no published key of that id). In the audit as the
 * admin's.
 */
@RestController
@RequestMapping("/api/signing-keys")
public class SigningKeysController {

    private final SigningKeys keys;
    private final CurrentActor actor;

    public SigningKeysController(SigningKeys keys, CurrentActor actor) {
        this.keys = keys;
        this.actor = actor;
    }

    @GetMapping
    public List<SigningKeys.Published> list() {
        return keys.published();
    }

    @PostMapping
    public ResponseEntity<SigningKeys.Published> rotate() {
        String keyId = keys.rotate(actor.name());
        return ResponseEntity.status(HttpStatus.CREATED).body(keys.published().stream()
                .filter(key -> key.keyId().equals(keyId)).findFirst().orElseThrow());
    }

    @PostMapping("/{keyId}/retire")
    public ResponseEntity<Void> retire(@PathVariable @Size(max = 64) String keyId) {
        if (keys.published().stream().noneMatch(key -> key.keyId().equals(keyId))) {
            throw new ResourceNotFoundException("signing key", keyId);
        }
        if (!keys.retire(keyId, actor.name())) {
            throw new ConflictException("The key that signs now cannot be retired: add a new key first.", "keyId",
                    java.util.Map.of());
        }
        return ResponseEntity.noContent().build();
    }
}
