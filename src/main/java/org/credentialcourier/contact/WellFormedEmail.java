package org.credentialcourier.contact;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import org.credentialcourier.system.validation.EmailAddress;

/**
 * An email address by {@link EmailAddress#problem}: the Bean Validation face of the one address rule, so the
 * REST API and the other doors cannot diverge. A null or blank value is left to {@code @NotBlank}.
 */
@Documented
@Constraint(validatedBy = WellFormedEmail.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD,
        ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface WellFormedEmail {

    String message() default EmailAddress.MESSAGE;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Reports the rule's own sentence (a constant of {@link EmailAddress}, never the value itself). */
    class Validator implements ConstraintValidator<WellFormedEmail, String> {

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null || value.isBlank()) {
                return true;
            }
            String problem = EmailAddress.problem(value);
            if (problem == null) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(problem).addConstraintViolation();
            return false;
        }
    }
}
