package org.credentialcourier.system.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Likely typos of common mail domains (issue 16, pre-send checks), both ways, without a Spring context. */
class DomainTyposTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            // one slip in a provider's name
            "gmial.com, gmail.com", "gmal.com, gmail.com", "gmaill.com, gmail.com", "gnail.com, gmail.com",
            "gamil.com, gmail.com", "gmai.com, gmail.com", "hotmial.com, hotmail.com", "hotmal.com, hotmail.com",
            "hotnail.com, hotmail.com", "hormail.com, hotmail.com", "hotmaill.com, hotmail.com",
            "yahooo.com, yahoo.com", "yaho.com, yahoo.com", "yhaoo.com, yahoo.com", "outlok.com, outlook.com",
            "outloook.com, outlook.com", "iclod.com, icloud.com", "icluod.com, icloud.com",
            "googlemial.com, googlemail.com", "protonmial.com, protonmail.com", "protonmal.ch, protonmail.ch",
            "yahooo.co.uk, yahoo.co.uk", "hotmial.de, hotmail.de", "comcats.net, comcast.net",
            // a top-level domain that is none
            "gmail.con, gmail.com", "gmail.cmo, gmail.com", "gmail.ocm, gmail.com", "gmail.vom, gmail.com",
            "gmail.xom, gmail.com", "gmail.comm, gmail.com", "gmail.c0m, gmail.com", "yahoo.con, yahoo.com",
            "163.con, 163.com", "gmx.nte, gmx.net",
            // both at once: the TLD first, then the name
            "gmial.con, gmail.com", "hotmial.cmo, hotmail.com",
            // a provider's exact name under a slip of its generic TLD
            "gmail.co, gmail.com", "gmail.cm, gmail.com", "gmail.om, gmail.com", "hotmail.co, hotmail.com",
            "outlook.cm, outlook.com", "aol.co, aol.com",
            // any domain under a TLD that does not exist
            "acme.con, acme.com", "example.cmo, example.com", "mail.acme.con, mail.acme.com",
            "example.ogr, example.org", "example.nte, example.net",
            // case and a trailing dot do not matter
            "GMIAL.COM, gmail.com", "gmial.com., gmail.com"})
    void likelyTyposGetASuggestion(String domain, String suggestion) {
        assertThat(DomainTypos.suggest(domain)).contains(suggestion);
    }

    @ParameterizedTest(name = "{0} is left alone")
    @ValueSource(strings = {
            // the providers themselves
            "gmail.com", "googlemail.com", "hotmail.com", "hotmail.co.uk", "yahoo.co.jp", "outlook.de", "gmx.de",
            "gmx.com", "web.de", "t-online.de", "icloud.com", "me.com", "aol.com", "ymail.com", "proton.me",
            "163.com", "qq.com", "GMAIL.COM",
            // company and organisation domains, some of them one slip from a provider
            "example.org", "acme.com", "credentialcourier.org", "email.com", "mail.com", "cloud.com", "aon.com",
            "hotmart.com", "gemalto.com", "web.com", "yahoo.net", "mail.example.co.uk", "mail.gmail.example.org",
            "university.edu", "uni-heidelberg.de", "gmail.example.com", "gmail-com.example.org",
            // real country TLDs on names of no provider
            "acme.co", "acme.cm", "acme.om", "startup.io", "example.co.uk", "example.com.au",
            // provider names too short to guess at, and neighbours of two providers
            "aok.com", "gmz.de", "msm.com", "xmail.com", "hmail.com", "ma.com",
            // a provider's name elsewhere: real domains, not slips
            "hotmail.dk", "gmail.co.uk", "outlook.cz", "gmail.com.au",
            // far from everything, and no domain at all
            "gxxxl.com", "g.com", "localhost", "", " ", ".", "com"})
    void knownOrUnrelatedDomainsGetNone(String domain) {
        assertThat(DomainTypos.suggest(domain)).isEmpty();
    }

    @Test
    void nothingIsSuggestedForNothingOrForTooMuch() {
        assertThat(DomainTypos.suggest(null)).isEmpty();
        assertThat(DomainTypos.suggest("g".repeat(100_000) + ".com")).isEmpty();
        assertThat(DomainTypos.suggestAddress(null)).isEmpty();
        assertThat(DomainTypos.suggestAddress("no-at-sign")).isEmpty();
    }

    @Test
    void anAddressKeepsItsLocalPart() {
        assertThat(DomainTypos.suggestAddress(" Ada.Lovelace+x@Gmial.com ")).contains("Ada.Lovelace+x@gmail.com");
        assertThat(DomainTypos.suggestAddress("ada@gmail.com")).isEmpty();
        assertThat(DomainTypos.suggestAddress("ada@acme.com")).isEmpty();
    }

    @Test
    void theDistanceIsTheOptimalStringAlignmentOne() {
        assertThat(DomainTypos.distance("gmail", "gmail", 3)).isZero();
        assertThat(DomainTypos.distance("gmial", "gmail", 3)).isEqualTo(1);
        assertThat(DomainTypos.distance("gmal", "gmail", 3)).isEqualTo(1);
        assertThat(DomainTypos.distance("kitten", "sitting", 3)).isEqualTo(3);
        // optimal string alignment: "ca" -> "ac" -> "abc" edits a transposed pair, which OSA does not allow
        assertThat(DomainTypos.distance("ca", "abc", 5)).isEqualTo(3);
        assertThat(DomainTypos.distance("abcdef", "uvwxyz", 2)).isEqualTo(3);
    }
}
