package org.credentialcourier.contact;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/** The body of {@code POST /api/contacts}: checked by the same rules as every other door ({@link ContactRules}). */
public record NewContact(
        @NotBlank @WellFormedEmail String email,
        @NotBlank @PersonName String firstName,
        @NotBlank @PersonName String lastName,
        @NotBlank @Pattern(regexp = SupportedLocales.PATTERN, message = "must be one of: en, fr") String locale) {
}
