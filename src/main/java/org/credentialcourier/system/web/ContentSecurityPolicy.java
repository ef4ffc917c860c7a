package org.credentialcourier.system.web;

import java.util.Collection;
import java.util.stream.Collectors;

/**
 * The Content-Security-Policy of the application's own pages: styles from this site only, no script at all, no
 * framing, forms post home. A member page may also send its form on to a portal registered with the OpenID Provider
 * (the sign-in that ends at the portal's redirect address, an activation that ends at its start page): browsers check
 * {@code form-action} at every redirect after a form, so those origins, and no other, are added there.
 */
public final class ContentSecurityPolicy {

    public static final String PAGES = policy("'self'");

    private ContentSecurityPolicy() {
    }

    /** The policy with forms allowed to end at these origins too ({@code https://portal.example.org}). */
    public static String allowingFormsTo(Collection<String> origins) {
        return origins.isEmpty() ? PAGES
                : policy("'self' " + origins.stream().sorted().distinct().collect(Collectors.joining(" ")));
    }

    private static String policy(String formAction) {
        return "default-src 'none'; style-src 'self'; img-src 'self'; form-action " + formAction
                + "; frame-ancestors 'none'; base-uri 'none'";
    }
}
