package org.credentialcourier.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The table the search folds accents with, in Java and in SQL alike. */
class AccentFoldTest {

    @Test
    void accentedLettersBecomeTheirBaseLetterInLowerCase() {
        assertThat(AccentFold.fold("Zoë HÉLÈNE Ångström Çelik Dvořák")).isEqualTo("zoe helene angstrom celik dvorak");
        assertThat(AccentFold.fold(null)).isNull();
    }

    @Test
    void lettersThatAreNotALetterWithMarksStay() {
        // no decomposition: another letter, not an accented one; a look-alike from another script stays itself
        assertThat(AccentFold.fold("Łukasz Øre Æsir")).isEqualTo("łukasz øre æsir");
        assertThat(AccentFold.fold("\u0430da")).isEqualTo("\u0430da");
    }

    @Test
    void theTableIsPairedAndHoldsNoAscii() {
        assertThat(AccentFold.FROM).hasSameSizeAs(AccentFold.TO);
        assertThat(AccentFold.FROM.chars()).allMatch(c -> c > 127);
        assertThat(AccentFold.TO.chars()).allMatch(c -> c >= 'a' && c <= 'z');
        assertThat(AccentFold.sql("x")).isEqualTo("TRANSLATE(LOWER(x), :foldFrom, :foldTo)");
    }
}
