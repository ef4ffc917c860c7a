package org.credentialcourier.tracking;

import java.time.Instant;

/**
 * A line of the audit: who ({@code actor}: an admin's user id, {@code system} or {@code contact}) did what
 * ({@code action}, an {@link AuditTrail#ACTIONS} code) to whom (the contact, and the invitation where it was one), when.
 * Never a secret: the histories keep none.
 */
public record AuditEntry(Instant at, String actor, String action, String contactId, String firstName,
                         String lastName, String email, String invitationId, String detail) {

    public String name() {
        return (firstName + " " + lastName).strip();
    }
}
