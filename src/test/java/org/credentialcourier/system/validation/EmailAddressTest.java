package org.credentialcourier.system.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one address rule below every door (issue 13, cases 17 and 18), without a Spring context. */
class EmailAddressTest {

    @ParameterizedTest(name = "[{0}] is an address")
    @ValueSource(strings = {"ada@example.org", "Ada.Lovelace+tag@mail.example.co.uk", "o'brien@example.org",
            "x@a-b.example", "${7*7}#{7*7}@example.org", "a@xn--bcher-kva.example", "a@1a.example", "a@example.xn--p1ai",
            " ada@example.org ", "a@example.o1"})
    void wellFormedAddresses(String email) {
        assertThat(EmailAddress.problem(email)).isNull();
    }

    @ParameterizedTest(name = "[{0}] is not an address")
    @ValueSource(strings = {"", " ", "ada", "ada@example", "ada@example.org.", "ada@.example.org", "ada@example..org",
            "-ada@-example.org", "ada@example-.org", "ada.@example.org", ".ada@example.org", "a..da@example.org",
            "ada@exa_mple.org", "ada@example.123", "ada@[127.0.0.1]", "\"ada\"@example.org", "ada lovelace@example.org",
            "ada@@example.org", "Ada <ada@example.org>", "ada@example.org,b@example.org", "ädä@example.org",
            "ada@exämple.org", "ada@example.org\u200B", "\u200Bada@example.org", "ada\u200E@example.org",
            "ada@example.org\u200F", "ada\u061C@example.org", "ada@example.org\uDB40\uDC41", "ada@example.org\u2028",
            "ada@example.org\r\n", "ada@example.org\u0000", "ada@example.org\u0085", "ada@example.org\uD800"})
    void malformedAddresses(String email) {
        assertThat(EmailAddress.problem(email)).isNotNull();
    }

    @Test
    void addressLengths() {
        assertThat(valid("x".repeat(64) + "@example.org")).isTrue();
        assertThat(valid("x".repeat(65) + "@example.org")).isFalse();
        assertThat(valid("x@" + "a".repeat(63) + ".org")).isTrue();
        assertThat(valid("x@" + "a".repeat(64) + ".org")).isFalse();
        String longest = "x@" + ("a".repeat(60) + ".").repeat(4) + "orgxxxxx";
        assertThat(longest).hasSize(254);
        assertThat(valid(longest)).isTrue();
        assertThat(valid(longest + "x")).isFalse();
        assertThat(valid("x".repeat(100_000) + "@example.org")).isFalse();
    }

    @Test
    void aMissingAddressIsSaidSoAndAMalformedOneGetsTheRulesSentence() {
        assertThat(EmailAddress.problem(null)).isEqualTo("is missing");
        assertThat(EmailAddress.problem(" \t ")).isEqualTo("is missing");
        assertThat(EmailAddress.problem("ada@example")).isEqualTo(EmailAddress.MESSAGE);
        assertThat(EmailAddress.problem("ada@example.org\u200B")).isEqualTo(EmailAddress.MESSAGE);
    }

    @Test
    void shownValuesHaveForbiddenCharactersAsQuestionMarks() {
        assertThat(EmailAddress.shown(null)).isEmpty();
        assertThat(EmailAddress.shown("ada@example.org\r\nBcc: eve@example.org"))
                .isEqualTo("ada@example.org??Bcc: eve@example.org");
        assertThat(EmailAddress.shown("Zo\u00EB\u200B \uD83D\uDE00")).isEqualTo("Zo\u00EB? \uD83D\uDE00");
        assertThat(EmailAddress.shown("a\uD800b")).isEqualTo("a?b");
    }

    @Test
    void shownValuesAreCutToTheLongestAddress() {
        assertThat(EmailAddress.shown("x".repeat(254))).isEqualTo("x".repeat(254));
        assertThat(EmailAddress.shown("x".repeat(255))).isEqualTo("x".repeat(251) + "...").hasSize(254);
        assertThat(EmailAddress.shown("x".repeat(100_000))).hasSize(254).endsWith("...");
    }

    private static boolean valid(String email) {
        return EmailAddress.problem(email) == null;
    }
}
