package org.credentialcourier.system.web;

/**
 * The paths that links from outside land on: the member pages the emails link to, and the admin's hand-over page
 * that a process hands to Tasklist. The controllers map them and the mails and delegates build their links from them
 * ({@code CourierProperties.publicLink}); kept here, below both, so no mail or delegate names a controller.
 */
public final class PublicLinks {

    /** The page behind the link in the invitation email (member.ActivationController). */
    public static final String ACTIVATE = "/activate";
    /** The page behind the link in the password reset email (member.ResetPasswordController). */
    public static final String RESET_PASSWORD = "/reset-password";
    /** Where a member asks for a reset link; the password change notice points there (member.ForgotPasswordController). */
    public static final String FORGOT_PASSWORD = "/forgot-password";
    /** The member's sign-in; the new password email points there (member.SignInController). */
    public static final String SIGN_IN = "/sign-in";
    /** The admin's hand-over page, followed by the delivery's id (delivery.HandOverController). */
    public static final String HAND_OVER_PREFIX = "/admin/handover/";

    private PublicLinks() {
    }
}
