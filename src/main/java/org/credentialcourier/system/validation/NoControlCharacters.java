package org.credentialcourier.system.validation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/**
 * None of the characters {@link NoControlCharactersValidator#isClean} forbids (control, format, private-use,
 * unassigned, surrogate, line and paragraph separator): such characters could split an email header or disguise a name.
 */
@Documented
@Constraint(validatedBy = NoControlCharactersValidator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD,
        ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface NoControlCharacters {

    String message() default "must not contain control or invisible characters";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
