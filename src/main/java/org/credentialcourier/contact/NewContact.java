package org.credentialcourier.contact;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.credentialcourier.system.validation.NoControlCharacters;

/** The body of {@code POST /api/contacts}. */
public record NewContact(
        @NotBlank @Size(max = 254) @NoControlCharacters
        @Email(regexp = ContactRules.EMAIL_PATTERN, message = "must be a well-formed email address")
        String email,
        @NotBlank @Size(max = 100) @NoControlCharacters String firstName,
        @NotBlank @Size(max = 100) @NoControlCharacters String lastName,
        @NotBlank @Pattern(regexp = SupportedLocales.PATTERN, message = "must be one of: en, fr") String locale) {
}
