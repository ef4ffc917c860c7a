package org.credentialcourier.tracking;

import java.time.Instant;

import org.credentialcourier.contact.AccountStatus;
import org.credentialcourier.invitation.InvitationStatus;

/**
 * A line of the people directory: the contact and its latest invitation ({@code invitation} and its times are null
 * for a contact never invited).
 */
public record PeopleRow(
        String id,
        String email,
        String firstName,
        String lastName,
        String language,
        AccountStatus account,
        Instant createdAt,
        String invitationId,
        InvitationStatus invitation,
        Instant invitedAt,
        Instant invitationEnds) {

    /** First and last name, as people read them. */
    public String name() {
        return firstName + " " + lastName;
    }
}
