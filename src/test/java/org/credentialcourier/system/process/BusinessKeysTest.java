package org.credentialcourier.system.process;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The business key as a person reads it in Cockpit, within the engine's 255 characters. */
class BusinessKeysTest {

    @Test
    void theEmailWhatAndTheStartOfTheId() {
        assertThat(BusinessKeys.of("ada@example.org", "inv", "3f2a1b2c-9d8e-4f00-a1b2-c3d4e5f60718"))
                .isEqualTo("ada@example.org · inv 3f2a1b2c");
    }

    @Test
    void aLongAddressIsCutToFitTheEnginesColumn() {
        String email = "a".repeat(240) + "@example.org";
        String key = BusinessKeys.of(email, "change", "3f2a1b2c-9d8e-4f00-a1b2-c3d4e5f60718");
        assertThat(key).hasSize(BusinessKeys.MAX_LENGTH).endsWith("… · change 3f2a1b2c").startsWith("aaaa");
    }

    @Test
    void nothingMissingBreaksIt() {
        assertThat(BusinessKeys.of(null, "reset", null)).isEqualTo("? · reset ?");
        assertThat(BusinessKeys.shortId("abc")).isEqualTo("abc");
    }
}
