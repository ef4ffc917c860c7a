package org.credentialcourier.system.process;

import org.camunda.bpm.engine.impl.form.validator.FormFieldValidationException;
import org.credentialcourier.contact.ContactRules;

/**
 * Values admins type into Tasklist start forms, checked as typed. A refusal is a {@link FormFieldValidationException}
 * naming the field: Tasklist shows its sentence on the form, and both engine REST APIs answer 400 with it instead of
 * a server error with a stack trace in the log.
 */
public final class FormInput {

    private FormInput() {
    }

    /** A well-formed email address as typed in {@code field} (see {@link ContactRules#requireFormEmail}). */
    public static String email(String field, String typed) {
        try {
            return ContactRules.requireFormEmail(typed);
        } catch (IllegalArgumentException refused) {
            throw refused(field, refused.getMessage());
        }
    }

    /** The refusal of what was typed in {@code field}, with a sentence for the admin. */
    public static FormFieldValidationException refused(String field, String sentence) {
        return new FormFieldValidationException(field, sentence);
    }
}
