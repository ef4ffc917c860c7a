package org.credentialcourier.tracking;

import java.time.Instant;

import org.credentialcourier.invitation.InvitationStatus;

/** A line of the invitations list: the invitation with the name and address of its contact, for people to scan. */
public record InvitationListItem(
        String id,
        String contactId,
        String email,
        String firstName,
        String lastName,
        InvitationStatus status,
        Instant createdAt,
        String createdBy,
        Instant expiresAt,
        Instant acceptedAt,
        Instant endedAt,
        Instant updatedAt) {

    /** First and last name, as people read them. */
    public String name() {
        return firstName + " " + lastName;
    }
}
