package org.credentialcourier.contact;

import java.util.List;

/** The languages the emails and member pages are written in. */
public final class SupportedLocales {

    public static final List<String> TAGS = List.of("en", "fr");

    /** For {@code @Pattern}: keep in step with {@link #TAGS}. */
    public static final String PATTERN = "en|fr";

    private SupportedLocales() {
    }
}
