package org.credentialcourier.tracking;

import java.time.Instant;

import org.credentialcourier.contact.AccountStatus;
import org.credentialcourier.invitation.InvitationStatus;

/**
 * Which contacts the people directory shows; every part may be null (no filter). {@code invitation} is the status of
 * the contact's latest invitation (a contact never invited has none); {@code createdFrom} is inclusive and
 * {@code createdBefore} exclusive, so that "created between two days" is the first day's start and the day after the
 * second.
 */
public record PeopleFilter(String q, AccountStatus account, InvitationStatus invitation, String language,
                           Instant createdFrom, Instant createdBefore) {

    public static final PeopleFilter NONE = new PeopleFilter(null, null, null, null, null, null);

    /** The same filter for every account: what the counts per account are taken over. */
    PeopleFilter anyAccount() {
        return new PeopleFilter(q, null, invitation, language, createdFrom, createdBefore);
    }
}
