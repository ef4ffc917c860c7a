package org.credentialcourier.credential;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.credentialcourier.system.CourierProperties;
import org.passay.CharacterData;
import org.passay.CharacterRule;
import org.passay.DictionarySubstringRule;
import org.passay.EnglishCharacterData;
import org.passay.LengthRule;
import org.passay.PasswordData;
import org.passay.PasswordGenerator;
import org.passay.PasswordValidator;
import org.passay.RepeatCharacterRegexRule;
import org.passay.RuleResult;
import org.passay.dictionary.ArrayWordList;
import org.passay.dictionary.WordListDictionary;
import org.springframework.stereotype.Component;

/**
 * The password policy: what people may choose (at least {@code courier.password.min-length} characters, not made of
 * their own name or email) and what the application generates ({@code courier.password.generated-length} characters
 * from an alphabet without look-alikes such as 0/O and 1/l/I).
 */
@Component
public class PasswordPolicy {

    /** The longest password accepted: Argon2 takes any length, but nobody needs more and it bounds the work. */
    public static final int MAX_LENGTH = 128;
    private static final int SHORTEST_NAME_PART = 3;

    private static final CharacterData LOWER = data("abcdefghijkmnopqrstuvwxyz");
    private static final CharacterData UPPER = data("ABCDEFGHJKLMNPQRSTUVWXYZ");
    private static final CharacterData DIGITS = data("23456789");
    private static final CharacterData SYMBOLS = data("!#%+-=?@_~");

    private final int minLength;
    private final int generatedLength;
    private final PasswordGenerator generator = new PasswordGenerator();

    public PasswordPolicy(CourierProperties properties) {
        this.minLength = properties.password().minLength();
        this.generatedLength = properties.password().generatedLength();
    }

    public int minLength() {
        return minLength;
    }

    /**
     * Whose password it is, as far as the policy cares: the words a password must not be made of. Plain values, so
     * that the credential layer knows no contact.
     */
    public record Owner(String email, String firstName, String lastName) {
    }

    /**
     * A new password for the owner by the policy; one that happens to spell a part of the owner's name or email is
     * drawn again. The caller hashes it at once and shows or sends it exactly once.
     */
    public String generate(Owner owner) {
        for (int draw = 0; draw < 100; draw++) {
            String password = generator.generatePassword(generatedLength, List.of(
                    new CharacterRule(LOWER, 2), new CharacterRule(UPPER, 2),
                    new CharacterRule(DIGITS, 2), new CharacterRule(SYMBOLS, 1)));
            if (check(password, owner).isEmpty()) {
                return password;
            }
        }
        throw new IllegalStateException("No password by the policy could be drawn");
    }

    /** The rules the chosen password breaks, as message keys with arguments; empty when it is acceptable. */
    public List<Violation> check(String password, Owner owner) {
        if (password == null) {
            return List.of(new Violation("password.too-short", minLength));
        }
        if (password.length() > MAX_LENGTH) {
            // refused before any other rule looks at it: the substring rules cost time that grows with the length
            return List.of(new Violation("password.too-long", MAX_LENGTH));
        }
        List<Violation> violations = new ArrayList<>();
        RuleResult length = new PasswordValidator(new LengthRule(minLength, MAX_LENGTH)).validate(new PasswordData(password));
        if (!length.isValid()) {
            violations.add(password.length() < minLength
                    ? new Violation("password.too-short", minLength) : new Violation("password.too-long", MAX_LENGTH));
        }
        if (!new PasswordValidator(new RepeatCharacterRegexRule(4)).validate(new PasswordData(password)).isValid()) {
            violations.add(new Violation("password.repeats", 4));
        }
        String[] personal = personalWords(owner);
        if (personal.length > 0) {
            var dictionary = new WordListDictionary(new ArrayWordList(personal, false));
            if (!new PasswordValidator(new DictionarySubstringRule(dictionary))
                    .validate(new PasswordData(password.toLowerCase(Locale.ROOT))).isValid()) {
                violations.add(new Violation("password.personal", 0));
            }
        }
        return violations;
    }

    /** A broken rule: a message key of {@code i18n/messages} and its one argument. */
    public record Violation(String messageKey, int argument) {
    }

    private static String[] personalWords(Owner owner) {
        String email = owner.email().toLowerCase(Locale.ROOT);
        String local = email.substring(0, Math.max(0, email.indexOf('@')));
        return Stream.concat(
                        Stream.of(owner.firstName(), owner.lastName(), local, email),
                        Arrays.stream(local.split("[^\\p{L}\\p{N}]+")))
                .map(word -> word.toLowerCase(Locale.ROOT).trim())
                .filter(word -> word.length() >= SHORTEST_NAME_PART)
                .distinct()
                .sorted()
                .toArray(String[]::new);
    }

    private static CharacterData data(String characters) {
        return new CharacterData() {
            @Override
            public String getErrorCode() {
                return EnglishCharacterData.Alphabetical.getErrorCode();
            }

            @Override
            public String getCharacters() {
                return characters;
            }
        };
    }
}
