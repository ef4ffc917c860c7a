package org.credentialcourier.mail;

import org.credentialcourier.system.CourierProperties;

/**
 * How every HTML email looks: the organisation's name, its colour (header band and button) with a text colour that
 * stays readable on it, and an optional logo. Built from {@code courier.organisation-name} and {@code courier.mail.*},
 * which are checked at start-up (hex colour, https logo), so nothing here can carry markup into an email.
 */
public record MailBrand(String organisation, String colour, String textColour, String logoUrl) {

    private static final String DARK_TEXT = "#1f2933";
    private static final String LIGHT_TEXT = "#ffffff";

    public static MailBrand of(CourierProperties properties) {
        String colour = longHex(properties.mail().brandColour());
        return new MailBrand(properties.organisationName(), colour, textOn(colour), properties.mail().logo());
    }

    /** White or dark text, whichever contrasts more with {@code colour} (WCAG relative luminance). */
    static String textOn(String colour) {
        double background = luminance(colour);
        double againstWhite = (1.0 + 0.05) / (background + 0.05);
        double againstDark = (background + 0.05) / (luminance(DARK_TEXT) + 0.05);
        return againstWhite >= againstDark ? LIGHT_TEXT : DARK_TEXT;
    }

    /** {@code #abc} as {@code #aabbcc}, lower case. */
    static String longHex(String colour) {
        String hex = colour.substring(1).toLowerCase(java.util.Locale.ROOT);
        if (hex.length() == 3) {
            hex = "" + hex.charAt(0) + hex.charAt(0) + hex.charAt(1) + hex.charAt(1) + hex.charAt(2) + hex.charAt(2);
        }
        return "#" + hex;
    }

    private static double luminance(String colour) {
        int rgb = Integer.parseInt(colour.substring(1), 16);
        return 0.2126 * channel(rgb >> 16) + 0.7152 * channel(rgb >> 8) + 0.0722 * channel(rgb);
    }

    private static double channel(int value) {
        double c = (value & 0xff) / 255.0;
        return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }
}
