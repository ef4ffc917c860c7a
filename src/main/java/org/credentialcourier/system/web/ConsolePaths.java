package org.credentialcourier.system.web;

/**
 * The console pages that the admin door (security.SecurityConfiguration) sends browsers to, and that
 * console.ConsoleHomeController serves: kept here, below both, so neither names the other.
 */
public final class ConsolePaths {

    /** The console's sign-in form. */
    public static final String ADMIN_SIGN_IN = "/admin/sign-in";
    /** The page for a refused request: not an admin, or a form without a valid CSRF token. */
    public static final String ADMIN_DENIED = "/admin/denied";

    private ConsolePaths() {
    }
}
