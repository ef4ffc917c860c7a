package org.credentialcourier.contact;

import java.net.URI;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

import org.credentialcourier.system.validation.NoControlCharacters;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/contacts} and {@code GET /api/contacts}: contact data only. The single contact, {@code GET
 * /api/contacts/{id}}, shows its invitations and mail log too, so it is served by {@code tracking}'s read model
 * ({@code ContactDetailsController}): the contact feature sits below invitations and mail and reads neither.
 */
@RestController
@RequestMapping("/api/contacts")
public class ContactController {

    private final ContactService contacts;

    public ContactController(ContactService contacts) {
        this.contacts = contacts;
    }

    public record ContactPage(List<ContactView> items, int page, int size, long total) {
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<ContactView> create(@Valid @RequestBody NewContact request) {
        Contact contact = contacts.create(request);
        return ResponseEntity.created(URI.create("/api/contacts/" + contact.id())).body(ContactView.of(contact));
    }

    @GetMapping
    public ContactPage search(
            @RequestParam(required = false) @Size(max = 200) @NoControlCharacters String q,
            @RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
        List<ContactView> items = contacts.search(q, page, size).stream().map(ContactView::of).toList();
        return new ContactPage(items, page, size, contacts.count(q));
    }
}
