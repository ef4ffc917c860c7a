package org.credentialcourier.support;

import java.util.Locale;

/**
 * Runs a check under another default locale and puts the old one back: e.g. Turkish, whose lower case of {@code I} is
 * a dotless {@code ı}, shows whether a comparison key depends on the server's language.
 */
public final class DefaultLocale {

    private DefaultLocale() {
    }

    public static void during(Locale locale, Runnable check) {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(locale);
            check.run();
        } finally {
            Locale.setDefault(before);
        }
    }
}
