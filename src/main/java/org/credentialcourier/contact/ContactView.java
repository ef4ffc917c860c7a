package org.credentialcourier.contact;

import java.time.Instant;

/**
 * A contact as the API shows it: the contact feature's answer to create and search, and the {@code contact} part of
 * {@code GET /api/contacts/{id}}, which the read model in {@code tracking} serves.
 */
public record ContactView(String id, String email, String firstName, String lastName, String locale,
                          AccountStatus accountStatus, Instant createdAt, Instant updatedAt) {

    public static ContactView of(Contact c) {
        return new ContactView(c.id(), c.email(), c.firstName(), c.lastName(), c.locale(), c.accountStatus(),
                c.createdAt(), c.updatedAt());
    }
}
