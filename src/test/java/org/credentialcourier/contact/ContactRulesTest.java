package org.credentialcourier.contact;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;

import org.credentialcourier.support.DefaultLocale;
import org.credentialcourier.system.validation.EmailAddress;
import org.credentialcourier.system.validation.NoControlCharactersValidator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one address, name and forbidden-character rule of every door, without a Spring context (issue 13, case 18). */
class ContactRulesTest {

    @Test
    void theAddressRuleIsTheOneBelowEveryDoor() {
        assertThat(ContactRules.emailProblem(" ada@example.org ")).isNull();
        assertThat(ContactRules.isValidEmail("ada@example.org")).isTrue();
        assertThat(ContactRules.emailProblem("ada@example")).isEqualTo(EmailAddress.MESSAGE);
        assertThat(ContactRules.emailProblem(" ")).isEqualTo("is missing");
        assertThat(ContactRules.isValidEmail("ada@example.org\r\n")).isFalse();
    }

    @ParameterizedTest(name = "[{0}] is a name")
    @ValueSource(strings = {"Ada", "Zoë", "O’Brien-Smith", "d'Alembert", "'t Hooft", "Martin Luther King, Jr.",
            "J. R. R.", "Łukasz", "Ἀριστοτέλης", "محمد", "李小龍", "Nguyễn Thị", "Zoe\u0308", " Ada "})
    void acceptableNames(String name) {
        assertThat(ContactRules.nameProblem(name)).isNull();
    }

    @ParameterizedTest(name = "[{0}] is not a name")
    @ValueSource(strings = {"", "  ", "Ada <mallory@evil.example>", "mallory@evil.example", "https://evil.example",
            "www.evil.example", "evil.example", "Visit evil.example", "J.R.R.", "Ada  Lovelace", "Ada\tLovelace",
            "Lovelace 2", "${7*7}", "<script>", "\"Ada\"", "---", "Ada\u200B", "Ada\u200D", "Ada\u00AD", "Ada\uE000",
            "Ada\u2028", "Ada\uD800", "Ada\u202E", "Ada\uDB40\uDC41", "Ada\u0378", "Ada\uFF0Eexample", "Ada\u3002x"})
    void unacceptableNames(String name) {
        assertThat(ContactRules.nameProblem(name)).isNotNull();
    }

    @Test
    void nameLength() {
        assertThat(ContactRules.isValidName("a".repeat(100))).isTrue();
        assertThat(ContactRules.nameProblem("a".repeat(101))).isEqualTo("is longer than 100 characters");
    }

    @Test
    void forbiddenCharactersAreEveryControlFormatPrivateUnassignedSurrogateAndSeparator() {
        for (int cp : new int[] {0x00, 0x0A, 0x0D, 0x1B, 0x7F, 0x85, 0xAD, 0x061C, 0x200B, 0x200C, 0x200D, 0x200E,
                0x200F, 0x202A, 0x202E, 0x2066, 0x2069, 0x2028, 0x2029, 0xFEFF, 0xE0001, 0xE0041, 0xE007F, 0xE000,
                0xF0000, 0x0378, 0xD800, 0xDFFF}) {
            assertThat(NoControlCharactersValidator.isClean("a" + new String(Character.toChars(cp)) + "b"))
                    .as("U+%04X", cp).isFalse();
        }
        assertThat(NoControlCharactersValidator.isClean("Zoë Łukasz 李 \uD83D\uDE00 ' ’")).isTrue();
    }

    @Test
    void nameRefusalsSayWhatIsWrong() {
        assertThat(ContactRules.nameProblem(null)).isEqualTo("is missing");
        assertThat(ContactRules.nameProblem(" \t")).isEqualTo("is missing");
        assertThat(ContactRules.nameProblem("Ada\u200B")).isEqualTo(ContactRules.FORBIDDEN_MESSAGE);
        assertThat(ContactRules.nameProblem("Lovelace 2"))
                .isEqualTo("may contain only letters, spaces, apostrophes, hyphens, periods and commas");
        assertThat(ContactRules.nameProblem("---"))
                .isEqualTo("may contain only letters, spaces, apostrophes, hyphens, periods and commas");
        assertThat(ContactRules.nameProblem("Ada  Lovelace")).isEqualTo("must not contain two spaces in a row");
        assertThat(ContactRules.nameProblem("J.R.R."))
                .isEqualTo("must not have a letter right after a period (it would read as a web address)");
        assertThat(ContactRules.nameProblem("J.\u0301R."))
                .as("a combining mark after a period reads as a letter too")
                .isEqualTo("must not have a letter right after a period (it would read as a web address)");
    }

    @Test
    void theNameLimitCountsTheNameWithoutTheSpaceAroundIt() {
        assertThat(ContactRules.nameProblem("  " + "a".repeat(100) + "  ")).isNull();
        assertThat(ContactRules.nameProblem("\u2003Ada\u2003")).isNull();
    }

    @Test
    void theEmailKeyIgnoresCaseAndUnicodeSpaceAroundTheAddressWhateverTheServersLanguage() {
        assertThat(ContactRules.emailKey(" Ada.Lovelace@Example.ORG\u2003")).isEqualTo("ada.lovelace@example.org");
        DefaultLocale.during(Locale.forLanguageTag("tr"),
                () -> assertThat(ContactRules.emailKey("IDA@EXAMPLE.ORG")).isEqualTo("ida@example.org"));
    }

    @Test
    void valuesAreShownBackAsTheAddressRuleShowsThem() {
        assertThat(ContactRules.shown("Ada\r\nBcc")).isEqualTo("Ada??Bcc");
        assertThat(ContactRules.shown(null)).isEmpty();
    }
}
