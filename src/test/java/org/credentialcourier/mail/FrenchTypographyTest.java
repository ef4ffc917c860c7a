package org.credentialcourier.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * French typography in every French bundle ({@code i18n/messages_fr*.properties}): a no-break space (narrow U+202F, or
 * U+00A0) before ":", ";", "!" and "?", never a plain space or none, so that a line never breaks before the sign. An
 * address's "://" and a time's "10:30" are not punctuation. Also: the French bundle says everything the English one
 * does, so no French reader gets an English sentence.
 */
class FrenchTypographyTest {

    /** A high sign, with what comes before it: the character before must be a no-break space. */
    private static final Pattern HIGH_SIGN = Pattern.compile("(.?)([:;!?])");
    private static final String NO_BREAK_SPACES = "\u202f\u00a0";

    @Test
    void everyFrenchHighSignFollowsANoBreakSpace() throws IOException {
        List<Resource> bundles = frenchBundles();
        assertThat(bundles).as("French bundles found").isNotEmpty();
        List<String> wrong = new ArrayList<>();
        int signs = 0;
        for (Resource bundle : bundles) {
            Properties messages = load(bundle);
            for (String key : messages.stringPropertyNames()) {
                String text = messages.getProperty(key);
                Matcher sign = HIGH_SIGN.matcher(text);
                while (sign.find()) {
                    if (partOfAnAddressOrATime(text, sign.start(2))) {
                        continue;
                    }
                    signs++;
                    if (sign.group(1).isEmpty() || NO_BREAK_SPACES.indexOf(sign.group(1).charAt(0)) < 0) {
                        wrong.add(bundle.getFilename() + " " + key + ": \"" + text + "\"");
                    }
                }
            }
        }
        assertThat(signs).as("high signs checked").isGreaterThan(10);
        assertThat(wrong).as("a plain space or none before : ; ! ?").isEmpty();
    }

    @Test
    void theCheckCatchesAPlainSpaceAndAMissingOne() {
        assertThat(wellSpaced("Rappel : votre invitation")).isFalse();
        assertThat(wellSpaced("Rappel: votre invitation")).isFalse();
        assertThat(wellSpaced("Mot de passe oublié ?")).isFalse();
        assertThat(wellSpaced("Rappel\u202f: votre invitation, https://x.test à 10:30\u00a0!")).isTrue();
    }

    @Test
    void theFrenchBundleSaysEverythingTheEnglishOneDoes() throws IOException {
        Properties english = load(new PathMatchingResourcePatternResolver()
                .getResource("classpath:i18n/messages.properties"));
        Properties french = load(new PathMatchingResourcePatternResolver()
                .getResource("classpath:i18n/messages_fr.properties"));
        assertThat(french.stringPropertyNames()).containsAll(english.stringPropertyNames());
    }

    private static boolean wellSpaced(String text) {
        Matcher sign = HIGH_SIGN.matcher(text);
        while (sign.find()) {
            if (!partOfAnAddressOrATime(text, sign.start(2))
                    && (sign.group(1).isEmpty() || NO_BREAK_SPACES.indexOf(sign.group(1).charAt(0)) < 0)) {
                return false;
            }
        }
        return true;
    }

    private static boolean partOfAnAddressOrATime(String text, int at) {
        if (text.charAt(at) != ':') {
            return false;
        }
        boolean address = text.startsWith("//", at + 1);
        boolean time = at > 0 && at + 1 < text.length() && Character.isDigit(text.charAt(at - 1))
                && Character.isDigit(text.charAt(at + 1));
        return address || time;
    }

    private static List<Resource> frenchBundles() throws IOException {
        return List.of(new PathMatchingResourcePatternResolver().getResources("classpath*:i18n/messages_fr*.properties"));
    }

    private static Properties load(Resource bundle) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = new InputStreamReader(bundle.getInputStream(), StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }
}
