package org.credentialcourier.tracking;

import org.credentialcourier.tracking.ContactActivity.ContactDetails;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/contacts/{id}}: the contact with its invitations, mail log and history ({@link ContactActivity}).
 * Beside {@code contact.ContactController}, which maps creating and searching contacts under the same path and knows
 * nothing of invitations or mail.
 */
@RestController
@RequestMapping("/api/contacts")
public class ContactDetailsController {

    private final ContactActivity activity;

    public ContactDetailsController(ContactActivity activity) {
        this.activity = activity;
    }

    @GetMapping("/{id}")
    public ContactDetails get(@PathVariable String id) {
        return activity.of(id);
    }
}
