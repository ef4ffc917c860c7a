package org.credentialcourier.credential;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.credentialcourier.credential.PasswordPolicy.Owner;
import org.credentialcourier.credential.PasswordPolicy.Violation;
import org.credentialcourier.system.CourierProperties;
import org.junit.jupiter.api.Test;

/** The password policy on its own: generation and checks, no Spring needed. */
class PasswordPolicyTest {

    private static final Owner ADA = new Owner("ada.lovelace@example.org", "Ada", "Lovelace");

    private final PasswordPolicy policy = new PasswordPolicy(new CourierProperties(URI.create("https://x.test"), "Org",
            "credential-admins",
            new CourierProperties.Mail("a@b.c", List.of(Duration.ofMinutes(1)), new CourierProperties.EmbeddedSmtp(false, 0),
                    null, "#14532d", null),
            new CourierProperties.Invitation(Duration.ofDays(7), Duration.ofDays(2)),
            new CourierProperties.Password(12, 16, Duration.ofDays(7), true),
            new CourierProperties.ResetLink(Duration.ofHours(1), Duration.ofDays(1)),
            new CourierProperties.RateLimit(5, 20, Duration.ofHours(1), 5, Duration.ofMinutes(15), 20,
                    Duration.ofMinutes(15)),
            new CourierProperties.Jobs("R3/PT1M")));

    @Test
    void generatedPasswordsFollowThePolicyAndAvoidLookAlikes() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            String password = policy.generate(ADA);
            assertThat(password).hasSize(16).doesNotContainPattern("[0O1lI]");
            assertThat(password).containsPattern("[a-z]").containsPattern("[A-Z]").containsPattern("[2-9]");
            assertThat(policy.check(password, ADA)).isEmpty();
            seen.add(password);
        }
        assertThat(seen).hasSize(2000);
    }

    @Test
    void chosenPasswordsAreChecked() {
        assertThat(keys(policy.check("short", ADA))).containsExactly("password.too-short");
        assertThat(keys(policy.check("x".repeat(129), ADA))).contains("password.too-long");
        assertThat(keys(policy.check("I love LOVELACE so much", ADA))).containsExactly("password.personal");
        assertThat(keys(policy.check("my ada.lovelace secret", ADA))).containsExactly("password.personal");
        assertThat(keys(policy.check("aaaaaaaaaaaaaaaa", ADA))).contains("password.repeats");
        assertThat(keys(policy.check(null, ADA))).containsExactly("password.too-short");
        assertThat(policy.check("plum orchards hum softly", ADA)).isEmpty();
    }

    @Test
    void theLengthRuleHasExactBoundsAndNamesThem() {
        assertThat(policy.minLength()).isEqualTo(12);
        assertThat(policy.check("plum orchard", ADA)).as("exactly the minimum").isEmpty();
        assertThat(policy.check("plum orchar", ADA)).containsExactly(new Violation("password.too-short", 12));
        assertThat(policy.check("", ADA)).containsExactly(new Violation("password.too-short", 12));
        assertThat(policy.check("abcdefgh".repeat(16), ADA)).as("exactly the maximum").isEmpty();
        assertThat(policy.check("abcdefgh".repeat(16) + "x", ADA))
                .containsExactly(new Violation("password.too-long", PasswordPolicy.MAX_LENGTH));
    }

    @Test
    void aTooLongPasswordIsRefusedBeforeAnyOtherRuleLooksAtIt() {
        assertThat(policy.check("lovelace" + "a".repeat(200), ADA))
                .containsExactly(new Violation("password.too-long", 128));
    }

    @Test
    void fourOfTheSameCharacterInARowIsARepeatThreeIsNot() {
        assertThat(policy.check("plum orchards hummm", ADA)).isEmpty();
        assertThat(policy.check("plum orchards hummmm", ADA)).containsExactly(new Violation("password.repeats", 4));
    }

    @Test
    void everyBrokenRuleIsReportedInOrder() {
        assertThat(policy.check("lovelace", ADA)).containsExactly(new Violation("password.too-short", 12),
                new Violation("password.personal", 0));
        assertThat(policy.check("lovelaceeee", ADA)).containsExactly(new Violation("password.too-short", 12),
                new Violation("password.repeats", 4), new Violation("password.personal", 0));
    }

    @Test
    void personalWordsAreTheNamesTheAddressAndThePartsOfItsLocalPart() {
        Owner zoe = new Owner("zoe_smith-jones@example.org", "Zo\u00EB", "Smith-Jones");
        assertThat(keys(policy.check("my friend ZO\u00CB gardens", zoe))).containsExactly("password.personal");
        assertThat(keys(policy.check("plum jones orchards", zoe))).as("a part of the local part")
                .containsExactly("password.personal");
        assertThat(keys(policy.check("zoe_smith-jones@example.org", zoe))).containsExactly("password.personal");
        assertThat(policy.check("example orchards hum", zoe)).as("the domain alone is no personal word").isEmpty();
    }

    @Test
    void namePartsShorterThanThreeCharactersAreNotPersonalWords() {
        Owner al = new Owner("al.bo@example.org", "Al", "Bo");
        assertThat(policy.check("al bo grows plums", al)).isEmpty();
        assertThat(keys(policy.check("grows al.bo plums", al))).containsExactly("password.personal");
        for (int i = 0; i < 50; i++) {
            assertThat(policy.check(policy.generate(al), al)).isEmpty();
        }
    }

    @Test
    void hashesAreArgon2idAndVerify() {
        PasswordHasher hasher = new PasswordHasher();
        String hash = hasher.hash("plum orchards hum softly");
        assertThat(hash).startsWith("{argon2}$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain("plum");
        assertThat(hasher.matches("plum orchards hum softly", hash)).isTrue();
        assertThat(hasher.matches("plum orchards hum softly!", hash)).isFalse();
        assertThat(hasher.needsUpgrade(hash)).isFalse();
    }

    private static List<String> keys(List<Violation> violations) {
        return violations.stream().map(Violation::messageKey).toList();
    }
}
