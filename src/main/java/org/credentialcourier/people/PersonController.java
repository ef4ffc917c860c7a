package org.credentialcourier.people;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;

import org.credentialcourier.contact.ContactService.Edit;
import org.credentialcourier.contact.ContactView;
import org.credentialcourier.system.CurrentActor;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The REST doors to {@link PersonActions}: {@code PATCH /api/contacts/{id}} (the fields given change, each checked by
 * the rules every door uses), {@code POST .../disable}, {@code POST .../enable} and {@code DELETE}. A bad field is a
 * 400 naming it, an address that another contact has a 409 naming that contact, a disable of a disabled account (or
 * an enable of one that is not) a 409; {@code GET} of the same path is the read model's ({@code tracking}).
 */
@RestController
@RequestMapping("/api/contacts/{id}")
public class PersonController {

    private final PersonActions people;
    private final CurrentActor actor;

    public PersonController(PersonActions people, CurrentActor actor) {
        this.people = people;
        this.actor = actor;
    }

    /** The body of {@code PATCH}: the fields to change; an absent (or null) one stays as it is. */
    public record ContactChanges(@Size(max = 400) String email, @Size(max = 400) String firstName,
                                 @Size(max = 400) String lastName, @Size(max = 16) String locale) {
    }

    @PatchMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public ContactView edit(@PathVariable @Size(max = 36) String id,
                            @Valid @RequestBody ContactChanges changes) {
        return ContactView.of(people.edit(id,
                new Edit(changes.email(), changes.firstName(), changes.lastName(), changes.locale()), actor.name()));
    }

    @PostMapping("/disable")
    public ContactView disable(@PathVariable @Size(max = 36) String id) {
        return ContactView.of(people.disable(id, actor.name()));
    }

    @PostMapping("/enable")
    public ContactView enable(@PathVariable @Size(max = 36) String id) {
        return ContactView.of(people.enable(id, actor.name()));
    }

    @DeleteMapping
    public ResponseEntity<Void> delete(@PathVariable @Size(max = 36) String id) {
        people.delete(id, actor.name());
        return ResponseEntity.noContent().build();
    }
}
