package org.credentialcourier.system.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.camunda.bpm.engine.impl.form.validator.FormFieldValidationException;
import org.junit.jupiter.api.Test;

/** What an admin types into a Tasklist start form, checked without an engine. */
class FormInputTest {

    @Test
    void startFormRefusalShowsTheValueWithoutItsForbiddenCharacters() {
        assertThatThrownBy(() -> FormInput.email("contactEmail", "ada@example.org\r\nBcc: eve@example.org"))
                .isInstanceOf(FormFieldValidationException.class)
                .hasMessage("\"ada@example.org??Bcc: eve@example.org\" is not a well-formed email address.");
        assertThat(FormInput.email("contactEmail", " ada@example.org ")).isEqualTo("ada@example.org");
    }

    @Test
    void aMissingAddressIsRefusedWithAnEmptyValue() {
        assertThatThrownBy(() -> FormInput.email("contactEmail", null))
                .isInstanceOf(FormFieldValidationException.class)
                .hasMessage("\"\" is not a well-formed email address.");
        assertThatThrownBy(() -> FormInput.email("contactEmail", "  "))
                .hasMessage("\"  \" is not a well-formed email address.");
    }
}
