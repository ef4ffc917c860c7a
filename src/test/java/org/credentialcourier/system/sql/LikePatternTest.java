package org.credentialcourier.system.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;

import org.credentialcourier.support.DefaultLocale;
import org.junit.jupiter.api.Test;

/** Searches typed by people, as LIKE patterns: no typed character may act as a wildcard. */
class LikePatternTest {

    @Test
    void noSearchIsNull() {
        assertThat(LikePattern.containing(null)).isNull();
        assertThat(LikePattern.containing("")).isNull();
        assertThat(LikePattern.containing(" \t ")).isNull();
    }

    @Test
    void aSearchIsContainedTrimmedAndInLowerCase() {
        assertThat(LikePattern.containing("  Ada Lovelace ")).isEqualTo("%ada lovelace%");
    }

    @Test
    void wildcardsAndTheEscapeCharacterAreSearchedFor() {
        assertThat(LikePattern.containing("100%")).isEqualTo("%100\\%%");
        assertThat(LikePattern.containing("a_b")).isEqualTo("%a\\_b%");
        assertThat(LikePattern.containing("C:\\dir")).isEqualTo("%c:\\\\dir%");
        // the escape character is doubled first, so a typed "\%" stays a backslash and a percent sign
        assertThat(LikePattern.containing("\\%")).isEqualTo("%\\\\\\%%");
    }

    @Test
    void lowerCaseDoesNotDependOnTheServersLanguage() {
        DefaultLocale.during(Locale.forLanguageTag("tr"), () -> assertThat(LikePattern.containing("IDA LOVELACE"))
                .isEqualTo("%ida lovelace%"));
    }
}
