package org.credentialcourier.contact;

import java.time.Instant;
import java.util.Locale;

/** A person in the directory: a member, a customer or an employee of the organisation. */
public record Contact(
        String id,
        String email,
        String firstName,
        String lastName,
        String locale,
        AccountStatus accountStatus,
        Instant createdAt,
        Instant updatedAt) {

    public Locale preferredLocale() {
        return Locale.forLanguageTag(locale);
    }

    public String displayName() {
        return firstName + " " + lastName;
    }
}
