package org.credentialcourier.tracking;

import java.time.Instant;

/**
 * A line of the audit: who ({@code actor}: an admin's user id, {@code system} or {@code contact}) did what
 * ({@code action}, an {@link AuditTrail#ACTIONS} code) to whom (the contact, and the invitation where it was one), when.
 * What was done to a portal or a signing key has no contact: its {@code subject} is the portal's client id or the
 * key's id. Never a secret: the histories keep none.
 */
public record AuditEntry(Instant at, String actor, String action, String contactId, String firstName,
                         String lastName, String email, String invitationId, String detail, String subject) {

    public String name() {
        return contactId == null ? "" : (firstName + " " + lastName).strip();
    }
}
