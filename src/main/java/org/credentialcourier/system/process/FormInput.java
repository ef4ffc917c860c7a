package org.credentialcourier.system.process;

import org.camunda.bpm.engine.impl.form.validator.FormFieldValidationException;
import org.credentialcourier.system.validation.EmailAddress;

/**
 * Values admins type into Tasklist start forms, checked as typed. A refusal is a {@link FormFieldValidationException}
 * naming the field: Tasklist shows its sentence on the form, and both engine REST APIs answer 400 with it instead of
 * a server error with a stack trace in the log.
 */
public final class FormInput {

    private FormInput() {
    }

    /**
     * A well-formed email address as typed in {@code field} ({@link EmailAddress#problem}), without the white space
     * around it; refused with the value as it may be shown back ({@link EmailAddress#shown}).
     */
    public static String email(String field, String typed) {
        if (EmailAddress.problem(typed) != null) {
            throw refused(field, "\"" + EmailAddress.shown(typed) + "\" is not a well-formed email address.");
        }
        return typed.strip();
    }

    /** The refusal of what was typed in {@code field}, with a sentence for the admin. */
    public static FormFieldValidationException refused(String field, String sentence) {
        return new FormFieldValidationException(field, sentence);
    }
}
